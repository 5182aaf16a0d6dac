"""Schemas of what the press API answers: items, catalogue entries, requests for materials."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class PressItemOut(Schema):
    id: int
    kind: str = Field(description="news or briefing")
    slug: str
    state: str = Field(description="draft, published or withdrawn")
    is_public: bool
    published_at: dt.datetime | None
    held_on: dt.date | None = Field(description="A briefing's day.")
    languages: list[str] = Field(description="The languages it is written in.")
    lang: str = Field(description="The language of title and body as shown.")
    fallback: bool = Field(description="Whether that is not the language asked for.")
    title: str
    body: str
    titles: dict[str, str] = Field(description="The title in each language, by language code.")
    bodies: dict[str, str] = Field(description="The body in each language, by language code.")


class CatalogueEntryOut(Schema):
    id: int
    kind: str = Field(description="document, reference, publication, dataset or page")
    state: str = Field(description="draft, published or withdrawn")
    is_public: bool
    published_at: dt.datetime | None
    languages: list[str]
    lang: str
    fallback: bool
    title: str
    description: str
    url: str
    file: str = Field(description="The address of its file, or empty.")


class MaterialsAnswerOut(Schema):
    id: int
    text: str
    file: bool = Field(description="Whether a file came with it.")
    by: str = Field(description="Who answered (user name), or empty.")
    answered_at: dt.datetime
    late: bool


class RequestAddresseeOut(Schema):
    state: str = Field(description="The member state's code.")
    state_name: str
    status: str = Field(description="awaiting, answered or overdue")
    answered_at: dt.datetime | None
    answers: list[MaterialsAnswerOut]


class MaterialsRequestOut(Schema):
    id: int
    title: str
    text: str
    lang: str
    fallback: bool
    titles: dict[str, str]
    texts: dict[str, str]
    due_on: dt.date
    created_at: dt.datetime
    addressees: list[RequestAddresseeOut]


class RemindedOut(Schema):
    recipients: int = Field(description="How many people were reminded.")
    request: MaterialsRequestOut


class AnsweredOut(Schema):
    answer: int = Field(description="The answer's id.")
    late: bool
    request: MaterialsRequestOut
