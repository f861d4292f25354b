"""schemathesis hooks for the Ticketing run (tools/src/schemathesis-cli.ts names this module in its configuration).

CPython 3.11 before 3.11.8 (and 3.12 before 3.12.2) can raise a spurious SystemError "AST constructor recursion
depth mismatch" from ast.parse when threads parse at once (CPython gh-106905). Hypothesis parses lambda sources
only to describe strategies in its messages, and schemathesis' workers are threads, so on those interpreters a run
could end in an error that has nothing to do with the API. The description then falls back to a generic one.
"""

from hypothesis.internal import lambda_sources

_describe = lambda_sources._lambda_description


def _describe_or_generic(f, *args, **kwargs):
    try:
        return _describe(f, *args, **kwargs)
    except SystemError:
        return "lambda: <unknown>"


lambda_sources._lambda_description = _describe_or_generic
