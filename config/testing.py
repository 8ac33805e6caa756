"""The test suite."""

SECRET_KEY = "testing-only-secret-key-not-for-production"
TESTING = True
LOGIN_RATE_LIMIT = "1000 per minute"
# Cheap password hashes: the suite creates hundreds of users.
ARGON2_TIME_COST = 1
ARGON2_MEMORY_KIB = 64
# The test client's host: absolute links read as Flask's test requests would.
PUBLIC_URL = "http://localhost"
