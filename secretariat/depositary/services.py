"""Writes of the depositary: originals registered, certified copies made and signed, their
dispatch and receipt, each also appended to the hash-chained register; and the verification
of a copy someone shows us.

Copies are rendered and signed in memory first; only when every one of them is signed are
rows and files written, in one transaction, so a missing or expired key leaves nothing
behind. Each copy's latest day (SEC-CERTIFIED-7D) reminds the depositary officers through the
notifications worker until the copy is handed over.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from secretariat.accounts.models import Delegation, DelegationKind, User
from secretariat.audit.chain import canonical_json
from secretariat.audit.snapshots import jsonable
from secretariat.core.errors import refuse
from secretariat.core.in_languages import texts_columns
from secretariat.core.translated import with_stand_ins
from secretariat.depositary.models import (
    GENESIS_HASH,
    HEAD_PK,
    CertifiedCopy,
    DispatchMethod,
    Original,
    RegisterEntry,
    RegisterHead,
)
from secretariat.documents.models import DocLang, Document, DocumentStatus, authentic_first
from secretariat.documents.presenters import type_names
from secretariat.documents.services import next_number
from secretariat.meetings import notices
from secretariat.notifications.services import reminders_cancel, reminders_schedule
from secretariat.procedure.rules import rulebook
from secretariat.procedure.schedules import compute_schedule
from secretariat.procedure.text import LANGS
from secretariat.registry.reference import reference
from secretariat.signing.addressees import RATS, permanent_representative
from secretariat.signing.copies import CopyContent, render_certified_copy
from secretariat.signing.keys import configured_signer, configured_trust_roots
from secretariat.signing.sign import sign_pdf
from secretariat.signing.verify import SignatureCheck, verify_pdf
from secretariat.texts.extract import upload_max_bytes

#: Roles reminded of the copies still to be handed over.
DEPOSITARY_ROLES = ("secretariat_depositary",)
RULE = "SEC-CERTIFIED-7D"


# --- the register's hash chain ----------------------------------------------------------------


def entry_hash(
    *, seq: int, at: str, kind: str, register_number: str, payload: Any, prev_hash: str
) -> str:
    """The hash of one register line (hex SHA-256 over the previous hash and the line)."""
    fields = {
        "seq": seq,
        "at": at,
        "kind": kind,
        "register_number": register_number,
        "payload": payload,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256((prev_hash + canonical_json(fields)).encode("utf-8")).hexdigest()


def _head_locked() -> RegisterHead:
    head = RegisterHead.objects.select_for_update().filter(pk=HEAD_PK).first()
    if head is not None:
        return head
    RegisterHead.objects.bulk_create([RegisterHead(pk=HEAD_PK)], ignore_conflicts=True)
    head = RegisterHead.objects.select_for_update().get(pk=HEAD_PK)
    if head.last_seq == 0 and RegisterEntry.objects.exists():
        raise refuse("register_head_missing", "depositary.head_missing", status=500)
    return head


def register_append(kind: str, register_number: str, payload: Mapping[str, Any]) -> RegisterEntry:
    """Append a line to the register, inside the caller's transaction."""
    head = _head_locked()
    at = timezone.now().astimezone(dt.UTC).isoformat()
    clean = jsonable(payload)
    seq = head.last_seq + 1
    digest = entry_hash(
        seq=seq,
        at=at,
        kind=kind,
        register_number=register_number,
        payload=clean,
        prev_hash=head.last_hash,
    )
    entry = RegisterEntry.objects.create(
        seq=seq,
        at=dt.datetime.fromisoformat(at),
        kind=kind,
        register_number=register_number,
        payload=clean,
        prev_hash=head.last_hash,
        hash=digest,
    )
    head.last_seq, head.last_hash = seq, digest
    head.save(update_fields=["last_seq", "last_hash"])
    return entry


@dataclass(frozen=True, slots=True)
class RegisterCheck:
    """What the register's verification found."""

    entries: int
    last_hash: str
    problems: tuple[str, ...] = field(default_factory=tuple)

    @property
    def intact(self) -> bool:
        return not self.problems


def register_verify() -> RegisterCheck:
    """Check every line's hash and link, and the head that seals the end."""
    problems: list[str] = []
    expected_prev = GENESIS_HASH
    expected_seq = 1
    count = 0
    for row in RegisterEntry.objects.order_by("seq").iterator(chunk_size=2000):
        count += 1
        if row.seq != expected_seq:
            problems.append(f"line {expected_seq} to {row.seq - 1} missing (removed)")
        if row.prev_hash != expected_prev:
            problems.append(f"line {row.seq}: its link to the line before is broken")
        at = row.at.astimezone(dt.UTC).isoformat()
        digest = entry_hash(
            seq=row.seq,
            at=at,
            kind=row.kind,
            register_number=row.register_number,
            payload=row.payload,
            prev_hash=row.prev_hash,
        )
        if digest != row.hash:
            problems.append(f"line {row.seq} ({row.kind} {row.register_number}) was altered")
        expected_prev = row.hash
        expected_seq = row.seq + 1
    head = RegisterHead.objects.filter(pk=HEAD_PK).first()
    if head is None:
        if count:
            problems.append("the register's head is missing")
    elif head.last_seq != expected_seq - 1 or head.last_hash != expected_prev:
        problems.append(
            f"the register ends at line {expected_seq - 1} but its head seals line "
            f"{head.last_seq}: lines were removed from its end or the head was changed"
        )
    return RegisterCheck(entries=count, last_hash=expected_prev, problems=tuple(problems))


# --- originals --------------------------------------------------------------------------------


def _register_number(day: dt.date) -> str:
    prefix = f"SCO-DEP-{day.year}-"
    taken = Original.objects.filter(register_number__startswith=prefix)
    return next_number(taken.values_list("register_number", flat=True), prefix, width=4)


def _scan_pages(data: bytes, name: str) -> int:
    """The pages of a scanned original (a PDF), or a clear refusal."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    limit = upload_max_bytes()
    if not data:
        raise refuse("upload_empty", "depositary.scan_empty")
    if len(data) > limit:
        raise refuse("upload_too_large", "depositary.scan_too_large", status=413, limit=limit)
    if not data.startswith(b"%PDF-"):
        raise refuse("upload_type_not_allowed", "depositary.scan_not_pdf", status=415, name=name)
    try:
        return len(PdfReader(io.BytesIO(data), strict=False).pages)
    except (PyPdfError, ValueError, KeyError, TypeError, AttributeError, IndexError):
        raise refuse("upload_corrupt", "depositary.scan_corrupt", name=name) from None


@transaction.atomic
def original_register(
    *,
    document: Document,
    received_on: dt.date,
    scan: bytes,
    scan_name: str,
    storage_location: str | Mapping[str, str],
    languages: Iterable[str] | None = None,
    pages: int | None = None,
    concerns_rats: bool = False,
    by: User | None = None,
) -> Original:
    """Enter an adopted document's original in the register; copies due by SEC-CERTIFIED-7D."""
    document = Document.objects.select_for_update().get(pk=document.pk)
    if document.status != DocumentStatus.ADOPTED:
        raise refuse(
            "not_adopted",
            "depositary.not_adopted",
            ("SEC-DEPOSITARY",),
            status=409,
            status_name=document.get_status_display(),
        )
    if Original.objects.filter(document=document).exists():
        raise refuse("original_registered", "depositary.original_registered", status=409)
    if received_on > timezone.localdate():
        raise refuse("date_in_future", "documents.date_in_future", day=received_on)
    if document.adopted_on and received_on < document.adopted_on:
        raise refuse(
            "received_before_adoption",
            "depositary.received_before_adoption",
            day=received_on,
            adopted=document.adopted_on,
        )
    places = texts_columns("storage_location", storage_location)
    if not any(places.values()):
        raise refuse("storage_required", "depositary.storage_required")
    langs = list(dict.fromkeys(languages or [v.lang for v in document.languages.all()]))
    if unknown := [lang for lang in langs if lang not in DocLang.values]:
        raise refuse("unknown_language", "documents.unknown_language", lang=", ".join(unknown))
    counted = _scan_pages(scan, scan_name)
    digest = hashlib.sha256(scan).hexdigest()
    original = Original(
        register_number=_register_number(received_on),
        document=document,
        received_on=received_on,
        languages=langs,
        pages=pages or counted,
        sha256=digest,
        scan_name=scan_name[-255:],
        **places,
        concerns_rats=concerns_rats,
        recorded_at=timezone.now(),
        recorded_by=by,
    )
    original.scan.save(scan_name[-100:] or "original.pdf", ContentFile(scan), save=False)
    try:
        with transaction.atomic():
            original.save()
    except IntegrityError:
        raise refuse("original_registered", "depositary.original_registered", status=409) from None
    register_append(
        "original_registered",
        original.register_number,
        {
            "document": document.pk,
            "title": with_stand_ins(document, "title")["en"],
            "received_on": received_on,
            "languages": langs,
            "pages": original.pages,
            "sha256": digest,
            # Where it is kept, in each language given (not the reader's: the line is hashed).
            "storage_location": {column[-2:]: text for column, text in places.items() if text},
            "concerns_rats": concerns_rats,
        },
    )
    _reminders_sync(original)
    return original


def copies_due(original: Original) -> dt.date:
    """The latest day of handing over the copies (SEC-CERTIFIED-7D), counted by the engine
    from the original's receipt (procedures.yaml: depositary)."""
    schedule = compute_schedule(
        rulebook(), reference(), "depositary", events={"received": original.received_on}
    )
    return schedule.step(RULE).due


def addressees(original: Original) -> list[Delegation]:
    """Every member state on the day the original was received, and RATS if it concerns it."""
    members = reference().members_on(original.received_on)
    found = list(
        Delegation.objects.filter(kind=DelegationKind.MEMBER_STATE, state__code__in=members)
        .select_related("state")
        .order_by("code")
    )
    if original.concerns_rats:
        found += list(Delegation.objects.filter(kind=DelegationKind.RATS).order_by("code"))
    return found


def _reminders_sync(original: Original) -> None:
    """Remind the depositary officers of the copies not yet handed over, until they are."""
    label = original._meta.label_lower
    pending = (
        not original.copies.exists() or original.copies.filter(dispatched_on__isnull=True).exists()
    )
    if not pending:
        reminders_cancel(obj_label=label, obj_id=original.pk, rule_id=RULE)
        return
    _deadline, step = rulebook().rule(RULE).timing()
    due = copies_due(original)
    recipients = list(User.objects.filter(role__in=DEPOSITARY_ROLES, is_active=True).order_by("pk"))
    reminders_schedule(
        obj_label=label,
        obj_id=original.pk,
        rule_id=RULE,
        deadline=due,
        recipients=recipients,
        subject_code="deadline",
        params={
            "action": {lang: step.action[lang] for lang in LANGS},
            "rule": RULE,
            "due": due.isoformat(),
        },
        link=f"/depositary/{original.pk}/",
    )


def _copy_content(original: Original, addressee: Delegation, copy_number: str) -> CopyContent:
    document = original.document
    texts = []
    for version in document.languages.all().order_by("lang"):
        current = version.revisions.order_by("-number").first()
        if current is not None:
            texts.append((version.lang, version.authentic, current.text))
    texts.sort(key=lambda t: authentic_first(t[0], t[1]))
    decision = getattr(document, "decision", None)
    return CopyContent(
        register_number=original.register_number,
        copy_number=copy_number,
        document_number=decision.number if decision is not None else f"DOC-{document.pk}",
        document_title=with_stand_ins(document, "title"),
        document_type=type_names(document.type),
        adopted_on=document.adopted_on or original.received_on,
        body_name={
            "en": document.body.name_en,
            "ru": document.body.name_ru or document.body.name_en,
            "zh": document.body.name_zh or document.body.name_en,
        },
        addressee=_addressee_names(addressee),
        certified_on=timezone.localdate(),
        original_sha256=original.sha256,
        texts=texts,
    )


def _addressee_names(addressee: Delegation) -> dict[str, str]:
    """The addressee line in each language: the Permanent Representative, or RATS."""
    if addressee.kind == DelegationKind.RATS:
        return dict(RATS)
    state = addressee.state
    if state is None:
        names = {"en": addressee.name_en, "ru": addressee.name_ru, "zh": addressee.name_zh}
        code = addressee.code
    else:
        names = {
            "en": state.official_name_en or state.name_en,
            "ru": state.official_name_ru or state.name_ru,
            "zh": state.official_name_zh or state.name_zh,
        }
        code = state.code
    official = {lang: names[lang] or names["en"] for lang in ("en", "ru", "zh")}
    return permanent_representative(code, official)


@dataclass(frozen=True, slots=True)
class _Signed:
    addressee: Delegation
    copy_number: str
    pdf: bytes
    signer: str


@transaction.atomic
def copies_make(
    *, original: Original, by: User | None = None, only: Iterable[Delegation] | None = None
) -> list[CertifiedCopy]:
    """Make and sign a certified copy for every addressee that has none yet."""
    original = (
        Original.objects.select_for_update().select_related("document__body").get(pk=original.pk)
    )
    have = set(original.copies.values_list("addressee_id", flat=True))
    every = addressees(original)
    wanted = list(only) if only is not None else every
    allowed = {d.pk for d in every}
    if stray := [d.code for d in wanted if d.pk not in allowed]:
        raise refuse(
            "not_an_addressee", "depositary.not_an_addressee", ("SEC-DEPOSITARY",), who=stray
        )
    todo = [d for d in wanted if d.pk not in have]
    if not todo:
        return []
    signer = configured_signer()
    signed: list[_Signed] = []
    for addressee in todo:
        number = f"{original.register_number}/{addressee.code.upper()}"
        pdf = sign_pdf(render_certified_copy(_copy_content(original, addressee, number)), signer)
        signed.append(_Signed(addressee, number, pdf, _signer_name(signer)))
    due = copies_due(original)
    made = []
    for item in signed:
        copy = CertifiedCopy(
            original=original,
            addressee=item.addressee,
            copy_number=item.copy_number,
            due=due,
            sha256=hashlib.sha256(item.pdf).hexdigest(),
            signer=item.signer[:300],
            made_at=timezone.now(),
            made_by=by,
        )
        copy.pdf.save(
            f"{item.copy_number.replace('/', '_')}.pdf", ContentFile(item.pdf), save=False
        )
        copy.save()
        register_append(
            "copy_made",
            original.register_number,
            {
                "copy_number": copy.copy_number,
                "addressee": item.addressee.code,
                "sha256": copy.sha256,
            },
        )
        made.append(copy)
    _reminders_sync(original)
    return made


def _signer_name(signer: Any) -> str:
    cert = getattr(signer, "signing_cert", None)
    subject = getattr(cert, "subject", None)
    return str(subject.human_friendly) if subject is not None else "SCO Secretariat"


@transaction.atomic
def copy_dispatch(
    *,
    copy: CertifiedCopy,
    dispatched_on: dt.date,
    method: str,
    by: User | None = None,
) -> CertifiedCopy:
    """Record the copy handed or sent to its addressee; a late day is recorded, and flagged."""
    if method not in DispatchMethod.values:
        raise refuse("unknown_method", "depositary.unknown_method", value=method)
    row = CertifiedCopy.objects.select_for_update().select_related("original").get(pk=copy.pk)
    if row.dispatched_on is not None:
        raise refuse(
            "copy_dispatched", "depositary.copy_dispatched", status=409, day=row.dispatched_on
        )
    if dispatched_on > timezone.localdate():
        raise refuse("date_in_future", "documents.date_in_future", day=dispatched_on)
    if dispatched_on < row.original.received_on:
        raise refuse("dispatched_before_receipt", "depositary.dispatched_before_receipt")
    row.dispatched_on = dispatched_on
    row.dispatch_method = method
    row.dispatched_by = by
    row.late = dispatched_on > row.due
    row.save(update_fields=["dispatched_on", "dispatch_method", "dispatched_by", "late"])
    register_append(
        "copy_dispatched",
        row.original.register_number,
        {"copy_number": row.copy_number, "on": dispatched_on, "method": method, "late": row.late},
    )
    _reminders_sync(row.original)
    _copy_told(row, dispatched_on)
    copy.refresh_from_db()
    return row


def _copy_told(row: CertifiedCopy, day: dt.date) -> None:
    """Tell the addressee delegation's users that its certified copy was handed or sent."""
    notices.other_told(
        "copy_dispatched",
        about=f"{row._meta.label_lower}:{row.pk}",
        key=str(row.pk),
        audiences={"addressee": User.objects.filter(delegation=row.addressee, is_active=True)},
        params={
            "document": notices.titles_of(row.original.document),
            "copy": row.copy_number,
            "day": notices.day_text(day),
            "rule": RULE,
        },
        link=f"/depositary/{row.original_id}/",
    )


@transaction.atomic
def copy_receipt(
    *, copy: CertifiedCopy, received_on: dt.date, by: User | None = None
) -> CertifiedCopy:
    """Record that the addressee received its copy (by the addressee or the Secretariat)."""
    row = CertifiedCopy.objects.select_for_update().select_related("original").get(pk=copy.pk)
    if by is not None and not by.can("copies.certify") and by.delegation_id != row.addressee_id:
        raise refuse("not_the_addressee", "depositary.not_the_addressee", status=403)
    if row.dispatched_on is None:
        raise refuse("copy_not_dispatched", "depositary.copy_not_dispatched", status=409)
    if row.received_on is not None:
        raise refuse("copy_received", "depositary.copy_received", status=409, day=row.received_on)
    if received_on > timezone.localdate() or received_on < row.dispatched_on:
        raise refuse(
            "receipt_out_of_range",
            "depositary.receipt_out_of_range",
            day=received_on,
            sent=row.dispatched_on,
        )
    row.received_on = received_on
    row.received_by = by
    row.save(update_fields=["received_on", "received_by"])
    register_append(
        "copy_received",
        row.original.register_number,
        {"copy_number": row.copy_number, "on": received_on},
    )
    copy.refresh_from_db()
    return row


# --- verification -------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CopyVerification:
    """Whether a file is an authentic, unaltered certified copy that the register holds."""

    valid: bool
    #: valid | not_in_register | the signature check's code (altered, untrusted_signer, ...)
    code: str
    reasons: Mapping[str, str]
    signature: SignatureCheck
    copy: CertifiedCopy | None


_NOT_IN_REGISTER: dict[str, str] = {
    "en": "The signature is the Secretariat's, but the depositary register holds no copy "
    "with this content.",
    "ru": "Подпись принадлежит Секретариату, но в реестре депозитария нет копии с таким "
    "содержимым.",
    "zh": "签名属于秘书处，但保存机构登记册中没有内容相同的副本。",
}
_VALID: dict[str, str] = {
    "en": "An authentic certified copy, unaltered since it was signed, entered in the "
    "depositary register as {number}.",
    "ru": "Подлинная заверенная копия, не изменявшаяся после подписания, внесена в реестр "
    "депозитария под номером {number}.",
    "zh": "真实的核证副本，签署后未经改动，已以{number}号载入保存机构登记册。",
}


def copy_verify(data: bytes) -> CopyVerification:
    """Check a copy's signature against the Secretariat's trust root, then the register."""
    check = verify_pdf(data, configured_trust_roots())
    if not check.valid:
        reasons: dict[str, str] = {lang: check.reason[lang] for lang in LANGS}
        return CopyVerification(False, check.code, reasons, check, None)
    digest = hashlib.sha256(data).hexdigest()
    copy = (
        CertifiedCopy.objects.select_related("original__document", "addressee")
        .filter(sha256=digest)
        .first()
    )
    if copy is None:
        return CopyVerification(False, "not_in_register", dict(_NOT_IN_REGISTER), check, None)
    found = {lang: text.format(number=copy.copy_number) for lang, text in _VALID.items()}
    return CopyVerification(True, "valid", found, check, copy)
