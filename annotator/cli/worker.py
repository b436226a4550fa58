"""`flask worker`: run the task queue's consumer (webhook deliveries, periodic sweeps)."""

import logging

import click
from flask import current_app
from flask.cli import with_appcontext

from annotator.storage.locks import yield_to_requests
from annotator.tasks import queue


@click.command("worker")
@click.option(
    "--threads",
    type=click.IntRange(1, 64),
    default=None,
    help="tasks run at once (default: ANNOTATOR_WORKER_THREADS, 2)",
)
@with_appcontext
def worker(threads: int | None) -> None:
    """Run queued tasks until Ctrl-C (or SIGTERM): webhook deliveries and their retries.

    Start one beside the web server (`make run` does); with a shared ANNOTATOR_QUEUE_URL
    (redis:// or postgresql://) start as many, on as many machines, as the work needs.
    """
    logging.basicConfig(level=logging.INFO, format="%(asctime)s worker %(message)s")
    workers = threads or current_app.config["WORKER_THREADS"]
    click.echo(
        f"Worker: {workers} thread(s) on {describe_queue(current_app.config['QUEUE_URL'])}",
        err=True,
    )
    yield_to_requests()  # deliveries may wait; reviewers' requests should not
    consumer = queue.create_consumer(workers=workers, worker_type="thread", periodic=True)
    consumer.run()


def describe_queue(url: str) -> str:
    """Say which queue, without a password the URL may hold."""
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.rpartition('@')[2]}"
