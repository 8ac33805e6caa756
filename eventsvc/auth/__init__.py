"""Users, their role grants, API tokens and feed tokens; the permission rules."""
