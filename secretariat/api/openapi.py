"""The OpenAPI document as the API keeps it: every error an operation can give, documented once.

Each operation declares its action (``x-required-action``) and its authentication; from these
and from its inputs, ``ContractSchema`` adds the error responses, all in the one error shape
(``ErrorOut``), instead of 165 decorators listing them:

- 401 and 403 on every secured operation (it needs a login and a role's action);
- 400 (a refusal, a malformed body) and 422 (input that does not validate) where there is input;
- 404 where a path names an object, or the input may name one that is not there;
- 409 on every write (a stale version, a step already done);
- 413 on writes with a body (a body past the upload limit);
- 429 on every operation (a caller without a valid login is rate limited before anything).

It also refuses two different schemas of one name: Ninja keeps the last of them, so an
operation would be documented with another app's body.
"""

from __future__ import annotations

import inspect
from http import HTTPStatus
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from ninja import NinjaAPI
from ninja.openapi.schema import REF_TEMPLATE, OpenAPISchema
from ninja.operation import Operation
from ninja.schema import NinjaGenerateJsonSchema

from secretariat.core.schemas import ErrorOut, ValidationErrorOut

WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_REF = REF_TEMPLATE

#: What each documented error means, as the document says it.
ERROR_DESCRIPTIONS = {
    400: "Refused: the input or the state of things does not allow it (code, message, rules).",
    401: "Not logged in, or no valid API token.",
    403: "Your role does not allow this action (see x-required-action).",
    404: "Not found, or not visible to you.",
    409: "Conflict: changed since you read it (expected_version), or already done.",
    422: "The input does not validate: each field at fault in `errors`.",
    413: "The request body is larger than this operation accepts.",
    429: "Too many requests from this address: wait and try again.",
}


def _has_input(operation: Operation) -> bool:
    return any(model.model_fields for model in operation.models)


def _has_path_parameter(operation: Operation) -> bool:
    return any(model.__ninja_param_source__ == "path" for model in operation.models)


def errors_of(operation: Operation) -> dict[int, type]:
    """The error statuses ``operation`` can answer, each with its body's schema."""
    secured = bool(operation.auth_callbacks)
    has_input = _has_input(operation)
    statuses: dict[int, type] = {}
    if has_input:
        statuses[400] = ErrorOut
    if secured:
        statuses[401] = ErrorOut
        statuses[403] = ErrorOut
    if has_input or _has_path_parameter(operation):
        statuses[404] = ErrorOut
    if WRITES & set(operation.methods):
        statuses[409] = ErrorOut
    if has_input:
        statuses[422] = ValidationErrorOut
    if has_input and WRITES & set(operation.methods):
        statuses[413] = ErrorOut  # a body past the upload limit (web.limits)
    # Any caller without a valid token or session is rate limited before authentication
    # (web.limits), on secured operations too.
    statuses[429] = ErrorOut
    return statuses


def _untyped_body(operation: Operation) -> dict[str, Any]:
    """What an operation without a response schema answers, read from its return annotation:
    a list of objects, or an object."""
    func = inspect.unwrap(operation.view_func)
    returned = str(inspect.signature(func).return_annotation)
    if returned.startswith(("list", "typing.List")):
        return {"type": "array", "items": {"type": "object"}}
    return {"type": "object"}


class ContractSchema(OpenAPISchema):
    """Ninja's document, with each operation's errors and one schema per name."""

    def responses(self, operation: Operation) -> dict[int, Any]:
        result: dict[Any, Any] = {
            int(status): details for status, details in super().responses(operation).items()
        }
        # A file download documents its media type itself (openapi_extra), merged in later.
        extra = (operation.openapi_extra or {}).get("responses", {})
        for status, response in list(result.items()):
            declared = extra.get(status) or extra.get(str(status)) or {}
            if 200 <= status < 300 and status != 204 and "content" not in response | declared:
                # An operation that declares no body answers JSON all the same.
                response["content"] = {
                    self.api.renderer.media_type: {"schema": _untyped_body(operation)}
                }
        for status, model in errors_of(operation).items():
            self.add_schema_definitions(_definitions(model))
            result[status] = {
                "description": ERROR_DESCRIPTIONS.get(status, HTTPStatus(status).phrase),
                "content": {
                    self.api.renderer.media_type: {
                        "schema": {"$ref": _REF.format(model=model.__name__)}
                    }
                },
            }
        return dict(sorted(result.items()))

    def request_body(self, operation: Operation) -> dict[str, Any]:
        body: dict[str, Any] = super().request_body(operation)
        form = body.get("content", {}).get("multipart/form-data", {}).get("schema", {})
        for name, field in form.get("properties", {}).items():
            # A form has no null: an optional field is left out. Documented as nullable, a
            # client would send the text "null".
            options = [o for o in field.get("anyOf", ()) if o.get("type") != "null"]
            if len(options) == 1 and len(field["anyOf"]) == 2:
                del field["anyOf"]
                form["properties"][name] = {**options[0], **field}
        return body

    def add_schema_definitions(self, definitions: dict[str, Any]) -> None:
        for name, schema in definitions.items():
            known = self.schemas.get(name)
            if known is not None and set(known.get("properties", {})) != set(
                schema.get("properties", {})
            ):
                raise ImproperlyConfigured(
                    f"Two API schemas are named {name!r}: give one of them another name "
                    f"({sorted(known.get('properties', {}))} and "
                    f"{sorted(schema.get('properties', {}))})."
                )
        super().add_schema_definitions(definitions)


def _definitions(model: Any) -> dict[str, Any]:
    """``model``'s schema and those it refers to, by name, as components."""
    schema = dict(
        model.model_json_schema(
            ref_template=REF_TEMPLATE,
            schema_generator=NinjaGenerateJsonSchema,
            mode="serialization",
        )
    )
    found = dict(schema.pop("$defs", {}))
    found[model.__name__] = schema
    return found


class SecretariatAPI(NinjaAPI):
    """NinjaAPI whose document is ``ContractSchema``'s."""

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        if path_prefix is None:
            path_prefix = self.get_root_path(path_params or {})
        return ContractSchema(api=self, path_prefix=path_prefix)
