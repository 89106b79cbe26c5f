"""Shared by the panther-style fixture rules through global_helpers/."""


def is_admin_policy(policy_arn):
    return isinstance(policy_arn, str) and policy_arn.endswith("/AdministratorAccess")


def lookup_owner(user_name):
    # Stands in for a network lookup that rule tests replace with a mock.
    return "unknown"
