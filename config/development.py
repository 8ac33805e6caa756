"""Local development: a fixed secret so the server starts without setup."""

SECRET_KEY = "development-only-secret-key-not-for-production"
