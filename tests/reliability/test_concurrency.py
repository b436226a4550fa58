"""Concurrent reviewers through gunicorn on one SQLite file: nothing lost, nothing doubled."""

import pytest

from bench.concurrency import run


@pytest.fixture(scope="module")
def report(request):
    if request.config.getoption("--db") != "sqlite":
        pytest.skip("the load test runs on SQLite, where writers share one file lock")
    return run(writers=4, writes=20, readers=1, workers=2)


def test_concurrent_writes_are_each_stored_once(report):
    assert (report.check.missing, report.check.duplicated) == (0, 0)


def test_concurrent_writes_each_leave_one_audit_event(report):
    assert report.check.audit_events == 4 * 20
    assert report.check.chain_intact


def test_concurrent_requests_never_answer_a_server_error(report):
    statuses = report.writes.statuses + report.reads.statuses
    assert not [code for code in statuses if code >= 500], report.writes.first_error


def test_concurrent_writes_all_succeed(report):
    assert report.writes.statuses == {302: 80}, report.writes.first_error
