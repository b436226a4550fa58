"""Flask extensions, created unbound and attached to the app in the factory.

Flask-Migrate is not among them: it loads Alembic into every worker (ADR 8), so
``annotator.storage.database.bind_migrations`` attaches it only where migrations run.
"""

from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_sqlalchemy import SQLAlchemy
from flask_wtf.csrf import CSRFProtect

from annotator.models.base import Base

db = SQLAlchemy(model_class=Base)
csrf = CSRFProtect()
login_manager = LoginManager()
# Counts in the store named by RATELIMIT_STORAGE_URI (memory:// or a shared redis://); a
# moving window has no boundary at which twice the limit gets through; when Redis cannot
# be reached each process counts on its own rather than failing the request.
limiter = Limiter(
    key_func=get_remote_address,
    strategy="moving-window",
    headers_enabled=True,
    in_memory_fallback_enabled=True,
)
