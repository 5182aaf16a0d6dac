"""Schemas every router shares."""

from __future__ import annotations

from ninja import Field, Schema


class ErrorOut(Schema):
    """A refusal, as ``api.secretariat_error`` writes it."""

    code: str = Field(description="Stable: a program may rely on it.")
    message: str = Field(description="In the caller's language.")
    rules: list[str] = Field(
        default_factory=list, description="The ids of the rules the refusal cites, if any."
    )
