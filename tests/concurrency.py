"""Run calls at the same moment, each in its own thread with its own database connection."""

from __future__ import annotations

import threading
from collections.abc import Callable

from django.db import close_old_connections, connection


def run_at_once(calls: list[Callable[[], object]], *, catch: tuple[type[BaseException], ...] = (Exception,)) -> list:
    """Start every call behind one barrier; results (or the caught exception) in call order.

    Needs ``django_db(transaction=True)``: each thread sees only committed data.
    """
    results, barrier = [None] * len(calls), threading.Barrier(len(calls))

    def run(i, call):
        try:
            barrier.wait()
            results[i] = call()
        except catch as error:
            results[i] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, call)) for i, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    close_old_connections()
    return results
