"""Fuzzing the whole API from its OpenAPI spec (schemathesis): no 500, every response conforms.

Bounded (a few examples per operation, on both databases) so the suite stays fast; run with
``FUZZ_EXAMPLES=200`` for a deeper search. Each operation is fuzzed with an admin's token (the
role that reaches the most code); the authorisation matrix is tested elsewhere.
"""

from __future__ import annotations

import os

import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis import checks as core_checks
from schemathesis.specs.openapi import checks as openapi_checks

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "20"))
CHECKS = [
    core_checks.not_a_server_error,
    openapi_checks.status_code_conformance,
    openapi_checks.content_type_conformance,
    openapi_checks.response_schema_conformance,
    openapi_checks.negative_data_rejection,
]


def fuzz_operation(operation, headers):
    @given(case=operation.as_strategy())
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        suppress_health_check=list(HealthCheck),
        derandomize=True,
        database=None,
    )
    def run(case):
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()


def test_the_api_never_fails_and_conforms_to_its_spec(app, make_user):
    _, headers = make_user("admin", ())
    schema = schemathesis.openapi.from_wsgi("/api/openapi.json", app)
    failures = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1
        try:
            fuzz_operation(operation, headers)
        except (Exception, BaseExceptionGroup) as error:
            failures.append(f"{operation.label}: {str(error)[:1500]}")
    assert operations >= 30
    assert not failures, "\n\n".join(failures)
