"""Gunicorn settings for the app's workers: `gunicorn -c python:annotator.web.serving ...`.

`make serve` and the benchmarks serve the app with them; README's deployment section
shows the command.
"""

import gc

#: Objects allocated (net) between two collections of the youngest generation.
#: Python's default, 700, is tuned for small programs.
FIRST_GENERATION_THRESHOLD = 10_000


def tune_garbage_collector() -> None:
    """Keep the cycle collector off what lives as long as the process, and run it less often.

    The page of a long article allocates hundreds of thousands of objects. With Python's
    defaults, full collections walked everything the worker had loaded (modules, templates,
    mappers) many times per request, a large share of the article page's time (ADR 8;
    bench.perf measures it). Freezing moves what exists after start-up out of the
    collector's way; the higher threshold makes young collections rarer.
    """
    gc.freeze()
    gc.set_threshold(FIRST_GENERATION_THRESHOLD, *gc.get_threshold()[1:])


def post_worker_init(_worker) -> None:
    """Gunicorn hook: the worker has loaded the app."""
    tune_garbage_collector()
