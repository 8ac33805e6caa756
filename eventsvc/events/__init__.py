"""Events (conferences), their forums, rooms and organizations."""
