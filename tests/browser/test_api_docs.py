"""The API documentation page (Swagger UI, linked from every menu) renders in a real browser:
every tag and every operation of the OpenAPI document is shown, and no error box."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest
from playwright.sync_api import Browser, expect

from secretariat.api.api import api

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_swagger_ui_shows_every_operation_and_no_error(
    browser: Callable[[], AbstractContextManager[Browser]], live_server: Any
) -> None:
    document = api.get_openapi_schema(path_prefix="/api/")
    operations = sum(len(methods) for methods in document["paths"].values())
    tags = {
        tag
        for methods in document["paths"].values()
        for op in methods.values()
        for tag in op.get("tags", [])
    }
    problems: list[str] = []

    with browser() as chromium:
        page = chromium.new_context(base_url=live_server.url).new_page()
        page.on("pageerror", lambda error: problems.append(f"page error: {error}"))
        page.on(
            "console",
            lambda message: (
                problems.append(f"console: {message.text}") if message.type == "error" else None
            ),
        )
        page.goto("/api/docs")
        expect(page.locator(".swagger-ui .info .title")).to_contain_text("Secretariat API")
        expect(page.locator(".swagger-ui .opblock-tag")).to_have_count(len(tags))
        expect(page.locator(".swagger-ui .opblock")).to_have_count(operations)
        expect(page.locator(".swagger-ui .errors-wrapper")).to_have_count(0)
        # A secured write opened: its responses are drawn, the documented errors among them.
        write = page.locator(
            "#operations-relations-secretariat_relations_api_agreements_relations_agreement_register"
        )
        write.locator(".opblock-summary").click()
        responses = write.locator(".responses-table").first
        expect(responses).to_be_visible()
        for status in ("201", "400", "401", "403", "409", "422"):
            expect(responses.locator(f"tr.response[data-code='{status}']")).to_have_count(1)

    assert problems == []
