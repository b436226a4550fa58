"""Timing one route over HTTP: one client in sequence, then several at once, within a budget."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field

import requests


@dataclass
class Timing:
    """Latencies of one route: one client in sequence, then several at once."""

    route: str
    sequential: list[float] = field(default_factory=list)
    concurrent: list[float] = field(default_factory=list)
    seconds: float = 0.0
    errors: int = 0

    def p(self, share: float) -> float:
        ordered = sorted(self.sequential)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    @property
    def throughput(self) -> float:
        return len(self.concurrent) / self.seconds if self.seconds else 0.0


def fetch(url: str, cookies: dict) -> tuple[float, bool]:
    """Return how long one request took and whether it answered 200 (a timeout counts)."""
    started = time.perf_counter()
    try:
        ok = requests.get(url, cookies=cookies, timeout=120).status_code == 200
    except requests.RequestException:
        ok = False
    return time.perf_counter() - started, ok


def measure(url: str, cookies: dict, route: str, budget: float, clients: int) -> Timing:
    """Time requests one at a time, then from several clients at once, each within budget."""
    timing = Timing(route)
    fetch(url, cookies)  # warm the worker: imports, template compilation, first connection
    deadline = time.monotonic() + budget
    while time.monotonic() < deadline and len(timing.sequential) < 200:
        seconds, ok = fetch(url, cookies)
        timing.sequential.append(seconds)
        timing.errors += not ok
    timing.concurrent, timing.errors, timing.seconds = hammer(url, cookies, budget, clients)
    return timing


def hammer(url: str, cookies: dict, budget: float, clients: int) -> tuple[list, int, float]:
    """Run clients in threads until the budget is spent; return latencies, errors, seconds."""
    latencies: list[float] = []
    errors = [0]
    deadline = time.monotonic() + budget
    started = time.monotonic()

    def client() -> None:
        while time.monotonic() < deadline:
            seconds, ok = fetch(url, cookies)
            latencies.append(seconds)
            errors[0] += not ok

    threads = [threading.Thread(target=client) for _ in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors[0], time.monotonic() - started
