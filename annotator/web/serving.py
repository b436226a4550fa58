"""Gunicorn settings for the app's workers: `gunicorn -c python:annotator.web.serving ...`.

`make serve` and the benchmarks serve the app with them; README's deployment section
shows the command. Gunicorn reads the module's lower-case settings and hooks (ADR 22):

- the master builds the app once (``preload_app``) and forks the workers from it: they start
  at once, and share the pages of everything loaded before the fork (modules, mappers)
  instead of each building its own copy;
- each worker is replaced, at a moment of its own, after ``max_requests`` requests: a worker
  whose memory has grown (a long export) gives it back, without a restart of the whole.
"""

import gc
import sys
import threading

#: Objects allocated (net) between two collections of the youngest generation.
#: Python's default, 700, is tuned for small programs.
FIRST_GENERATION_THRESHOLD = 10_000

preload_app = True
#: A worker is replaced after this many requests, give or take the jitter (so that two
#: workers are not replaced at once). Forked from the preloaded master, it starts at once.
max_requests = 10_000
max_requests_jitter = 1_000


def tune_garbage_collector() -> None:
    """Keep the cycle collector off what lives as long as the process, and run it less often.

    The page of a long article allocates hundreds of thousands of objects. With Python's
    defaults, full collections walked everything the worker had loaded (modules, templates,
    mappers) many times per request, a large share of the article page's time (ADR 8;
    bench.perf measures it). Freezing moves what exists after start-up out of the
    collector's way; the higher threshold makes young collections rarer. Frozen before the
    fork, the shared objects are never written by a worker's collections, and their pages
    stay shared (ADR 22).
    """
    gc.freeze()
    gc.set_threshold(FIRST_GENERATION_THRESHOLD, *gc.get_threshold()[1:])


def when_ready(server) -> None:
    """Gunicorn hook, in the master: with the app preloaded, do there what each worker would
    do on its first requests (the app's ``warm_up``), once for all and shared."""
    if server.cfg.preload_app:
        warm_up = getattr(server.app.wsgi(), "extensions", {}).get("warm_up")
        if warm_up:
            warm_up()


def pre_fork(_server, _worker) -> None:
    """Gunicorn hook, in the master just before a worker is forked."""
    tune_garbage_collector()


def post_worker_init(_worker) -> None:
    """Gunicorn hook: the worker has loaded the app."""
    tune_garbage_collector()
    if "annotator.exports.registry" in sys.modules:
        # Whether PDFs can be printed is asked of a child process (ADR 22); ask it now, off
        # the request path, rather than on the first article page.
        from annotator.exports.registry import FORMATS

        threading.Thread(target=FORMATS["pdf"].unavailable, daemon=True).start()
