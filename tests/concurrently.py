"""Run requests at the same moment, each on its own database connection, against PostgreSQL."""

import threading

from django.db import connection


def run_together(*calls) -> list:
    """Call each of ``calls`` in its own thread, released together by a barrier; their results
    in order. A thread's exception (a 500 raised by the test client, say) is returned in its
    place, so the test can assert there was none."""
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def body(i, call):
        try:
            barrier.wait(timeout=10)
            results[i] = call()
        except BaseException as exc:  # noqa: BLE001  (returned for the test to assert on)
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=body, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def raised(results) -> list[BaseException]:
    return [r for r in results if isinstance(r, BaseException)]
