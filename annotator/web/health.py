"""A health check for load balancers and `make run`'s readiness wait."""

import sqlalchemy as sa
from flask import Blueprint

from annotator.extensions import db

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def health():
    db.session.execute(sa.text("SELECT 1"))
    return {"status": "ok"}
