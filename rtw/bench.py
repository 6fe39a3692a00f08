"""Bench-only middleware: the number of SQL queries each response took, in a header.

Installed (first in MIDDLEWARE) only when the ``BENCH`` setting is true, as `make bench` runs
the site; never in a deployment. Counting at the outermost layer of the real stack, inside
the gunicorn worker that served the request, gives the count of exactly the request that was
timed, with the sessions, sign-in and second-factor queries of the middleware included.
"""

from django.db import connection

HEADER = "X-Bench-Queries"


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        count = 0

        def counter(execute, sql, params, many, context):
            nonlocal count
            count += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response[HEADER] = str(count)
        return response
