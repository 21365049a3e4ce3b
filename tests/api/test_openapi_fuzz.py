"""schemathesis against the application's own OpenAPI document (issue 11 acceptance): with a
bounded example budget per operation, no 5xx, no response that violates its schema, no
status code or content type the document does not declare."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from api.app import create_app
from kg.config import Settings
from tests.conftest import copy_of

#: Examples per operation: enough to reach every parameter's edge cases, bounded for CI.
EXAMPLES = 6
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture(scope="module")
def fuzzed_schema(store):
    app = create_app(Settings(store="memory", token="fuzz-token"), store=copy_of(store))
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def test_every_operation_keeps_to_its_document(fuzzed_schema):
    failures: list[str] = []
    operations = [result.ok() for result in fuzzed_schema.get_all_operations()]
    assert len(operations) > 20
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def check(case: schemathesis.Case) -> None:
            case.call_and_validate(checks=CHECKS)

        try:
            check()
        except Exception as exc:  # collect every operation's failure, then report them all
            failures.append(f"{operation.label}: {str(exc)[:600]}")
    assert not failures, "\n\n".join(failures)
