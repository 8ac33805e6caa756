"""Flask extensions, created unbound; create_app binds them."""

from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect

from .db import Base

db = SQLAlchemy(model_class=Base)
migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()
# No default limits: only the routes that name a limit (login, registration) are throttled.
# The storage (Redis when EVENTSVC_REDIS_URL is set) comes from RATELIMIT_STORAGE_URI.
limiter = Limiter(get_remote_address)
