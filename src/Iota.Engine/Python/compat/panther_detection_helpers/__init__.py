"""Stand-ins for panther's detection helpers, backed by local state instead of DynamoDB."""
