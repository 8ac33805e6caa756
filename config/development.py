"""Local development: a fixed secret so the server starts without setup."""

SECRET_KEY = "development-only-secret-key-not-for-production"
# Where `make run` serves.
PUBLIC_URL = "http://127.0.0.1:5000"
