"""A module with no rule() function and no .yml: it must be reported, not silently skipped."""

CONSTANT = 1
