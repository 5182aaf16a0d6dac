"""The API contract as a generated client reads it, and as the API keeps it.

The document: an independent validator accepts it; every operation documents a response body
and every error it can give in the one error shape (``ErrorOut``); no two schemas share a
name (Ninja keeps the last of two equal names, so an operation would be documented with
another app's body). The API: a validation error, a malformed body and a query parameter out
of range are answered in that shape and the caller's language, and a field longer than its
column is refused at the door.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from openapi_spec_validator import validate

from secretariat.api.api import api
from tests.factories.accounts import logged_in
from tests.factories.accounts import user_get_or_create as user
from tests.factories.registry import registry_with_delegations

pytestmark = pytest.mark.django_db

ERROR_REF = "#/components/schemas/ErrorOut"
VALIDATION_REF = "#/components/schemas/ValidationErrorOut"


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix=""), default=str))


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield method.upper(), path, operation


def _error_documented(operation: dict[str, Any], status: str) -> bool:
    response = operation["responses"].get(status) or {}
    schema = response.get("content", {}).get("application/json", {}).get("schema", {})
    return schema.get("$ref") == (VALIDATION_REF if status == "422" else ERROR_REF)


def test_an_independent_validator_accepts_the_document(document: dict[str, Any]) -> None:
    validate(document)


def test_every_operation_documents_the_body_it_answers_with(document: dict[str, Any]) -> None:
    bare = [
        f"{method} {path} {status}"
        for method, path, operation in _operations(document)
        for status, response in operation["responses"].items()
        if status.startswith("2") and status != "204" and "content" not in response
    ]
    assert bare == []


def test_every_secured_operation_documents_401_and_403(document: dict[str, Any]) -> None:
    missing = [
        f"{method} {path} {status}"
        for method, path, operation in _operations(document)
        if operation.get("security")
        for status in ("401", "403")
        if not _error_documented(operation, status)
    ]
    assert missing == []


def test_every_operation_with_input_documents_422_and_with_a_path_id_404(
    document: dict[str, Any],
) -> None:
    missing = []
    for method, path, operation in _operations(document):
        if (operation.get("parameters") or operation.get("requestBody")) and not (
            _error_documented(operation, "422")
        ):
            missing.append(f"{method} {path} 422")
        if "{" in path and not _error_documented(operation, "404"):
            missing.append(f"{method} {path} 404")
    assert missing == []


def test_every_operation_documents_429(document: dict[str, Any]) -> None:
    """A caller without a valid login is rate limited before authentication, on secured
    operations too (a live schemathesis run found 149 undocumented 429s)."""
    missing = [
        f"{method} {path}"
        for method, path, operation in _operations(document)
        if not _error_documented(operation, "429")
    ]
    assert missing == []


def test_operation_ids_are_unique(document: dict[str, Any]) -> None:
    ids = [operation["operationId"] for _m, _p, operation in _operations(document)]
    assert sorted({i for i in ids if ids.count(i) > 1}) == []


def test_every_body_is_documented_with_its_own_schema(document: dict[str, Any]) -> None:
    """Each operation's request body in the document has the fields of the class it reads."""
    schemas = document["components"]["schemas"]
    wrong = []
    for router_prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.models:
                    if model.__ninja_param_source__ != "body":
                        continue
                    for field in model.model_fields.values():
                        body = field.annotation
                        if not hasattr(body, "model_json_schema"):
                            continue
                        name = body.model_json_schema()["title"]
                        documented = set(schemas.get(name, {}).get("properties", {}))
                        expected = set(body.model_json_schema().get("properties", {}))
                        if documented != expected:
                            wrong.append(f"{router_prefix} {operation.view_func.__name__}: {name}")
    assert wrong == []


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


def _officer(language: str = "en") -> Client:
    return logged_in(
        user(
            f"contract-officer-{language}",
            "secretariat_officer",
            "sco-secretariat",
            language=language,
        )
    )


def test_a_missing_field_is_refused_in_the_error_shape_and_the_callers_language() -> None:
    response = _officer("ru").post(
        "/api/relations/agreements", {"kind": "memorandum"}, content_type="application/json"
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid_input"
    assert "Проверьте" in body["message"]
    assert body["errors"] == [{"field": "title_en", "message": "Обязательное поле."}]


def test_a_malformed_body_is_refused_in_the_error_shape() -> None:
    response = _officer("zh").post(
        "/api/relations/agreements", "{not json", content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "malformed_body"
    assert "JSON" in body["message"]
    assert "detail" not in body


@pytest.mark.parametrize("query", ["offset=-1", "limit=0", "limit=100000", "offset=x"])
def test_a_query_parameter_out_of_range_is_refused_not_a_server_error(query: str) -> None:
    response = Client().get(f"/api/press/items?{query}")
    assert response.status_code == 422
    assert response.json()["code"] == "invalid_input"


def test_a_title_longer_than_its_column_is_refused_at_the_door(document: dict[str, Any]) -> None:
    response = _officer().post(
        "/api/relations/agreements",
        {"kind": "memorandum", "title_en": "x" * 1_000_000, "state": "TR"},
        content_type="application/json",
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "title_en"
    assert (
        document["components"]["schemas"]["AgreementIn"]["properties"]["title_en"]["maxLength"]
        == 500
    )


def test_text_with_a_nul_character_is_refused_before_the_database_sees_it() -> None:
    """PostgreSQL cannot store NUL in text: found by schemathesis as a 500 on PostgreSQL."""
    response = Client().get("/api/press/items?kind=news%00")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "kind", "message": "Text may not contain the NUL character."}
    ]
    posted = _officer().post(
        "/api/relations/agreements",
        {"kind": "memorandum", "title_en": "MoU\x00", "state": "TR"},
        content_type="application/json",
    )
    assert posted.status_code == 422
