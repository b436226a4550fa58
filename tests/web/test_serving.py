"""The gunicorn worker hook tunes the cycle collector (annotator/web/serving.py)."""

import gc

import pytest

from annotator.web import serving


@pytest.fixture
def collector_restored():
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def test_worker_hook_freezes_what_is_loaded_and_collects_less_often(collector_restored):
    older_generations = gc.get_threshold()[1:]
    serving.post_worker_init(None)
    assert gc.get_freeze_count() > 0
    assert gc.get_threshold() == (serving.FIRST_GENERATION_THRESHOLD, *older_generations)


def test_gunicorn_reads_preloading_and_worker_replacement_from_the_module():
    """`-c python:annotator.web.serving`: the master builds the app once and forks workers
    from it; each worker is replaced after a while, not all at once (ADR 22)."""
    from gunicorn.app.base import Application

    class Settings(Application):
        def load_config(self):  # only the module's settings, not this process's arguments
            self.load_config_from_module_name_or_filename("python:annotator.web.serving")

    cfg = Settings().cfg
    assert cfg.preload_app is True
    assert cfg.max_requests > 0
    assert 0 < cfg.max_requests_jitter < cfg.max_requests
    assert cfg.when_ready is serving.when_ready
    assert cfg.pre_fork is serving.pre_fork
    assert cfg.post_worker_init is serving.post_worker_init


class PreloadingMaster:
    """What gunicorn's arbiter hands the when_ready hook: its settings and its app."""

    def __init__(self, flask_app, preload: bool):
        self.cfg = type("Settings", (), {"preload_app": preload})()
        self.app = type("Application", (), {"wsgi": lambda _self: flask_app})()


def test_a_preloading_master_warms_up_what_every_worker_would(app):
    from annotator.api import bodies, inputs
    from annotator.api.schema import Shape

    inputs.validator.cache_clear()
    serving.when_ready(PreloadingMaster(app, preload=False))
    assert inputs.validator.cache_info().currsize == 0
    serving.when_ready(PreloadingMaster(app, preload=True))
    shapes = [shape for shape in vars(bodies).values() if isinstance(shape, Shape)]
    assert inputs.validator.cache_info().currsize == len(shapes) > 10


def test_a_forked_worker_starts_with_an_empty_pool(app):
    """A connection the master opened is never used by a worker forked from it."""
    import os

    import sqlalchemy as sa

    from annotator.extensions import db

    engine = db.engine
    with engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))
    assert engine.pool.checkedin() == 1
    reading, writing = os.pipe()
    child = os.fork()
    if child == 0:  # pragma: no cover - the child reports through the pipe, then exits
        os.write(writing, str(engine.pool.checkedin()).encode())
        os._exit(0)
    os.close(writing)
    answer = os.read(reading, 16)
    os.close(reading)
    os.waitpid(child, 0)
    assert answer == b"0"
    assert engine.pool.checkedin() == 1  # the parent keeps its own
