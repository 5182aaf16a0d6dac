"""Every operation typed: a generated client can parse every answer and knows every limit.

Walks the OpenAPI document: no 2xx JSON answer is an object without properties or an array
of such objects (except the free-form maps listed below, each with its reason), and every
string field of an input whose name is a column of its app's models carries that column's
``maxLength``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from django.apps import apps
from django.db import models

from secretariat.api.api import api

#: Objects that are genuinely free-form maps, by "schema.property" (or "operationId" where the
#: map is the whole answer), with the reason.
FREE_FORM = {
    "RuleOut.parameters": "a rule's parameters: each rule names its own (days, quorum, ...)",
    "EntryOut.before": "the audited row as it was: any model's columns",
    "EntryOut.after": "the audited row as it became: any model's columns",
    "VerdictOut.facts": "the facts the rules engine weighed: each rule its own",
    "DecisionRecordOut.consensus": "the verdict stored at the meeting, as it was then rendered",
    "FulfilmentOut.facts": "the counts and item states the rules engine weighed",
    "secretariat_depositary_api_depositary_register_export.payload": (
        "a register line's sealed record: each kind of line its own"
    ),
}


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    return json.loads(json.dumps(api.get_openapi_schema(path_prefix=""), default=str))


def _operations(document: dict[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    for path, methods in document["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def _untyped(
    document: dict[str, Any], schema: dict[str, Any], where: str, seen: tuple[str, ...] = ()
) -> Iterator[str]:
    """Where in ``schema`` an object has no typed properties, or an array no typed items."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[1]
        if name not in seen:
            yield from _untyped(
                document, document["components"]["schemas"][name], name, (*seen, name)
            )
        return
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, ()):
            yield from _untyped(document, option, where, seen)
    kind = schema.get("type")
    extra = schema.get("additionalProperties")
    if kind == "object" and not schema.get("properties") and not isinstance(extra, dict):
        yield where
    if isinstance(extra, dict) and extra:
        yield from _untyped(document, extra, where, seen)
    if kind == "array":
        # A tuple is typed by its prefixItems.
        items = [schema["items"]] if schema.get("items") else schema.get("prefixItems", [])
        if not items:
            yield where
        for item in items:
            yield from _untyped(document, item, where, seen)
    for name, field in schema.get("properties", {}).items():
        yield from _untyped(document, field, f"{where.split('.')[0]}.{name}", seen)


def test_every_json_answer_is_typed(document: dict[str, Any]) -> None:
    untyped = []
    for name, operation in _operations(document):
        for status, response in operation["responses"].items():
            content = response.get("content", {}).get("application/json")
            if not status.startswith("2") or content is None:
                continue
            spots = set(_untyped(document, content["schema"], operation["operationId"]))
            if not spots - FREE_FORM.keys():
                continue
            untyped.append(f"{name} {status}: {sorted(spots - FREE_FORM.keys())}")
    assert untyped == [], "\n".join(untyped)


def _column_limits(app: str) -> dict[str, int]:
    """The names of ``app``'s text columns with a length limit, and the limit."""
    limits: dict[str, int] = {}
    for model in apps.get_app_config(app).get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.CharField) and field.max_length:
                limits[field.name] = field.max_length
    return limits


def _bodies(document: dict[str, Any], operation: dict[str, Any]) -> Iterator[dict[str, Any]]:
    for content in operation.get("requestBody", {}).get("content", {}).values():
        schema = content.get("schema", {})
        if "$ref" in schema:
            schema = document["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
        yield schema


def _is_text(field: dict[str, Any]) -> bool:
    options = field.get("anyOf", [field])
    # A choice (enum) is limited by its choices; a date or a number written as text by its
    # format.
    return any(
        o.get("type") == "string" and "format" not in o and "enum" not in o and "$ref" not in o
        for o in options
    )


def _max_length(field: dict[str, Any]) -> int | None:
    for option in field.get("anyOf", [field]):
        if "maxLength" in option:
            return int(option["maxLength"])
    return field.get("maxLength")


#: Input text fields named like a column of their app that do not write it, with the reason.
NOT_A_COLUMN = {
    "secretariat_press_api_requests_answer.state": "the answering member state's code",
    "secretariat_documents_api_documents_comment_resolve.note": (
        "writes the comment's resolution_note, a text column without a limit"
    ),
}


def test_every_input_text_field_with_a_column_has_its_max_length(
    document: dict[str, Any],
) -> None:
    unlimited = []
    for name, operation in _operations(document):
        app = operation["operationId"].split("_")[1]
        if app not in {c.label for c in apps.get_app_configs()}:
            continue
        limits = _column_limits(app)
        for body in _bodies(document, operation):
            for field_name, field in body.get("properties", {}).items():
                where = f"{operation['operationId']}.{field_name}"
                if field_name not in limits or not _is_text(field) or where in NOT_A_COLUMN:
                    continue
                if _max_length(field) is None:
                    unlimited.append(f"{name}: {field_name} (column: {limits[field_name]})")
    assert unlimited == [], "\n".join(unlimited)
