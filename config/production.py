"""Production: secrets come from the environment; cookies only over HTTPS."""

SESSION_COOKIE_SECURE = True
