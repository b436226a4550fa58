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
