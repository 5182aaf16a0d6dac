"""Schemas of the depositary's API: what it answers, and the limits of what it takes."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from secretariat.core.schemas import Day, columns
from secretariat.depositary.models import CertifiedCopy


class CopiesIn(Schema):
    addressees: list[str] | None = Field(
        None, description="Delegation codes; default: every addressee without a copy yet."
    )


@columns(CertifiedCopy, method="dispatch_method")
class DispatchIn(Schema):
    dispatched_on: Day
    method: str = Field(description="handed, courier or electronic")


class ReceiptIn(Schema):
    received_on: Day


class CertifiedCopyOut(Schema):
    id: int
    copy_number: str
    addressee: str = Field(description="The addressee delegation's code.")
    addressee_id: int
    addressee_name: str
    due: dt.date = Field(description="The latest day of handing it over (SEC-CERTIFIED-7D).")
    sha256: str
    made_at: dt.datetime
    dispatched_on: dt.date | None
    dispatch_method: str = Field(description="handed, courier, electronic, or empty.")
    late: bool
    received_on: dt.date | None


class OriginalOut(Schema):
    id: int
    register_number: str
    document: int = Field(description="The document's id.")
    title: str
    body: str = Field(description="The code of the body that adopted it.")
    received_on: dt.date
    languages: list[str]
    pages: int
    sha256: str
    storage_location: str
    concerns_rats: bool
    copies_due: dt.date
    copies: list[CertifiedCopyOut]


class CopyVerificationOut(Schema):
    valid: bool
    code: str = Field(description="valid, not_in_register, or why the signature check failed.")
    reason: str = Field(description="Why, in the caller's language.")
    reasons: dict[str, str] = Field(description="Why, in each language, by language code.")
    register_number: str
    copy_number: str
    signer: str
    signed_at: dt.datetime | None
    sha256: str
