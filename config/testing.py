"""The test suite."""

SECRET_KEY = "testing-only-secret-key-not-for-production"
TESTING = True
LOGIN_RATE_LIMIT = "1000 per minute"
