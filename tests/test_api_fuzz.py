"""The web app under generated requests: schemathesis derives valid and invalid requests for
every operation of the OpenAPI document (seeded: Hypothesis derandomized), on both stores;
none may answer 5xx. Also the limits a fuzzer found or the issue named, as plain cases."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from browser_support import build_store
from sitrep.present.web.app import create_app

EXAMPLES_PER_OPERATION = 50       # per generation mode; bounded so the suite stays quick


@pytest.fixture
def app(store_url):
    return create_app(str(build_store(store_url)))


@pytest.mark.parametrize("store_url", ["sqlite", "postgresql"], indirect=True)
@pytest.mark.parametrize("mode", ["positive", "negative"])
def test_no_generated_request_gets_a_server_error(app, mode):
    import schemathesis
    from hypothesis import HealthCheck, given, settings
    from hypothesis.errors import Unsatisfiable
    from schemathesis.generation.modes import GenerationMode

    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @settings(max_examples=EXAMPLES_PER_OPERATION, deadline=None, derandomize=True,
                  database=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(generation_mode=GenerationMode(mode)))
        def call(case) -> None:
            response = case.call()
            if response.status_code >= 500:
                failures.append(f"{response.status_code} {case.method} {case.formatted_path} "
                                f"{case.query}: {response.text[:200]}")

        try:
            call()
        except Unsatisfiable:
            assert mode == "negative"     # an operation without parameters has no invalid call
    assert operations >= 6
    assert failures == []


@pytest.mark.parametrize("store_url", ["sqlite", "postgresql"], indirect=True)
@pytest.mark.parametrize("url, status", [
    ("/api/incidents?offset=9223372036854775808", 422),
    ("/api/incidents?offset=1000000001", 422),
    ("/api/incidents?offset=1000000000", 200),
    ("/api/incidents?limit=99999999999999999999", 422),
    ("/api/overview?limit=9223372036854775808", 422),
    ("/api/search?q=rockets&limit=-9223372036854775809", 422),
    ("/api/incidents?place=%00", 422),
    ("/api/search?q=a%00b", 422),
    ("/api/documents/d-afp%00", 422),
    ("/incidents/inc-kabul%00", 422),
    ("/api/incidents?start=0001-01-01&end=9999-12-31", 200),
    ("/api/incidents?q=%ED%A0%80", 200),
])
def test_every_number_is_bounded_and_nul_is_refused(app, url, status):
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get(url).status_code == status
