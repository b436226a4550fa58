"""Engine settings for several app servers on PostgreSQL."""

from annotator import create_app
from annotator.extensions import db
from tests.conftest import base_config

#: Never connected to: building the engine opens no connection.
SOME_POSTGRES = "postgresql+psycopg://annotator@127.0.0.1:1/annotator"


def pool_of(config: dict):
    app = create_app(config)
    with app.app_context():
        return db.engine.pool


def test_postgres_pool_checks_connections_before_use():
    pool = pool_of(base_config(SOME_POSTGRES))
    assert pool._pre_ping is True
    assert pool.size() == 5


def test_postgres_pool_settings_can_be_overridden_one_by_one():
    pool = pool_of({**base_config(SOME_POSTGRES), "SQLALCHEMY_ENGINE_OPTIONS": {"pool_size": 2}})
    assert pool.size() == 2
    assert pool._pre_ping is True
