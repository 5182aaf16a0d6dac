"""The depositary: originals entered in a hash-chained register, certified copies signed for
every member state within seven days, and any copy shown to us verified."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import typst
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from secretariat.core.errors import RefusedError, SecretariatError
from secretariat.depositary import services
from secretariat.depositary.models import CertifiedCopy, Original, RegisterEntry
from secretariat.notifications.models import Reminder, ReminderState
from secretariat.signing.keys import keys_init
from tests.factories.accounts import user_get_or_create as user
from tests.factories.decisions import adopted_document
from tests.factories.documents import board_draft
from tests.factories.meetings import held_board_meeting
from tests.factories.registry import registry_with_delegations
from tests.factories.signing import use_keys
from tests.signing.conftest import write_pkcs12

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module", autouse=True)
def registry(django_db_setup: Any, django_db_blocker: Any) -> Iterator[None]:
    with registry_with_delegations(django_db_blocker):
        yield


@pytest.fixture(scope="module")
def keys(tmp_path_factory: pytest.TempPathFactory) -> Path:
    directory = tmp_path_factory.mktemp("keys")
    keys_init(directory)
    return directory


@pytest.fixture(autouse=True)
def signing(settings: Any, keys: Path, tmp_path: Path) -> None:
    use_keys(settings, keys)
    settings.MEDIA_ROOT = tmp_path / "files"


def scan_pdf(pages: int = 2) -> bytes:
    """A scanned original, as a PDF (typst, so no file is needed)."""
    body = "\n#pagebreak()\n".join(f"Original page {n}" for n in range(1, pages + 1))
    pdf = typst.compile(body.encode(), ignore_system_fonts=True)
    assert isinstance(pdf, bytes)
    return pdf


def registered(received_days_ago: int = 1, concerns_rats: bool = False) -> Original:
    return services.original_register(
        document=adopted_document(),
        received_on=timezone.localdate() - dt.timedelta(days=received_days_ago),
        scan=scan_pdf(),
        scan_name="original.pdf",
        storage_location="Strongroom A, shelf 3",
        concerns_rats=concerns_rats,
    )


def test_an_original_is_entered_with_its_pages_checksum_and_place_and_reminds_the_depositary() -> (
    None
):
    officer = user("depositary", "secretariat_depositary", "sco-secretariat")
    original = registered()

    assert original.register_number.startswith(f"SCO-DEP-{original.received_on.year}-")
    assert original.pages == 2
    assert len(original.sha256) == 64
    assert original.languages == ["en", "ru", "zh"] or set(original.languages) == {"en", "ru", "zh"}
    entry = RegisterEntry.objects.get(register_number=original.register_number)
    assert entry.kind == "original_registered"
    reminders = Reminder.objects.filter(rule_id="SEC-CERTIFIED-7D", recipient=officer)
    assert reminders.exists()
    assert {r.deadline for r in reminders} == {original.received_on + dt.timedelta(days=7)}


def test_a_document_not_adopted_has_no_original_and_no_copy() -> None:
    draft = board_draft(held_board_meeting())

    with pytest.raises(RefusedError) as refused:
        services.original_register(
            document=draft,
            received_on=timezone.localdate(),
            scan=scan_pdf(),
            scan_name="x.pdf",
            storage_location="A",
        )

    assert refused.value.code == "not_adopted"
    assert refused.value.rules == ("SEC-DEPOSITARY",)
    assert not Original.objects.exists()
    assert not RegisterEntry.objects.exists()


@pytest.mark.parametrize(
    ("scan", "code"),
    [(b"not a pdf at all", "upload_type_not_allowed"), (b"%PDF-1.7\n garbage", "upload_corrupt")],
)
def test_a_bad_scan_is_refused_and_nothing_is_entered(scan: bytes, code: str) -> None:
    with pytest.raises(RefusedError) as refused:
        services.original_register(
            document=adopted_document(),
            received_on=timezone.localdate(),
            scan=scan,
            scan_name="scan.pdf",
            storage_location="A",
        )

    assert refused.value.code == code
    assert not Original.objects.exists()


def test_every_member_state_gets_a_signed_copy_that_verifies_and_names_its_register_number() -> (
    None
):
    original = registered(concerns_rats=True)

    copies = services.copies_make(original=original)

    addressees = {c.addressee.code for c in copies}
    assert "kz" in addressees
    assert "rats" in addressees
    assert len(addressees) == len(services.addressees(original))
    copy = next(c for c in copies if c.addressee.code == "kz")
    with copy.pdf.open("rb") as stored:
        pdf = stored.read()
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert original.register_number in text
    result = services.copy_verify(pdf)
    assert result.valid, result.reasons
    assert result.copy is not None
    assert result.copy.pk == copy.pk
    assert result.signature.register_number == original.register_number
    # A second call makes nothing new: one copy per addressee.
    assert services.copies_make(original=original) == []


def test_a_copy_changed_by_one_byte_or_not_in_the_register_does_not_verify() -> None:
    original = registered()
    copy = services.copies_make(original=original)[0]
    with copy.pdf.open("rb") as stored:
        pdf = bytearray(stored.read())
    middle = len(pdf) // 2
    pdf[middle] = (pdf[middle] + 1) % 256

    altered = services.copy_verify(bytes(pdf))
    CertifiedCopy.objects.filter(pk=copy.pk).update(sha256="0" * 64)
    with copy.pdf.open("rb") as stored:
        unregistered = services.copy_verify(stored.read())

    assert not altered.valid
    assert altered.code != "valid"
    assert not unregistered.valid
    assert unregistered.code == "not_in_register"


def test_a_missing_signing_key_leaves_no_copy_and_no_register_line(settings: Any) -> None:
    original = registered()
    lines = RegisterEntry.objects.count()
    settings.SIGNING_PKCS12 = "/nonexistent/signer.p12"

    with pytest.raises(SecretariatError) as refused:
        services.copies_make(original=original)

    assert refused.value.code == "signing_key_missing"
    assert not CertifiedCopy.objects.filter(original=original).exists()
    assert RegisterEntry.objects.count() == lines


def test_an_expired_signing_key_leaves_no_copy_and_no_register_line(
    settings: Any, tmp_path: Path
) -> None:
    original = registered()
    lines = RegisterEntry.objects.count()
    p12 = tmp_path / "expired.p12"
    _root, passphrase = write_pkcs12(
        p12,
        not_before=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        not_after=dt.datetime(2021, 1, 1, tzinfo=dt.UTC),
    )
    settings.SIGNING_PKCS12 = str(p12)
    settings.SIGNING_PASSPHRASE = passphrase.decode()

    with pytest.raises(SecretariatError) as refused:
        services.copies_make(original=original)

    assert refused.value.code == "signing_key_expired"
    assert not CertifiedCopy.objects.filter(original=original).exists()
    assert RegisterEntry.objects.count() == lines


def test_a_copy_handed_over_after_seven_days_is_recorded_late_and_the_reminders_stop() -> None:
    original = registered(received_days_ago=10)
    copies = services.copies_make(original=original)
    late_day = original.received_on + dt.timedelta(days=8)

    for copy in copies:
        services.copy_dispatch(copy=copy, dispatched_on=late_day, method="courier")

    assert all(c.late for c in CertifiedCopy.objects.filter(original=original))
    pending = Reminder.objects.filter(
        object_id=str(original.pk), rule_id="SEC-CERTIFIED-7D", state=ReminderState.PENDING
    )
    assert not pending.exists()
    with pytest.raises(RefusedError) as twice:
        services.copy_dispatch(copy=copies[0], dispatched_on=late_day, method="courier")
    assert twice.value.code == "copy_dispatched"


def test_the_addressee_acknowledges_receipt_and_no_one_else_does() -> None:
    original = registered()
    copy = next(c for c in services.copies_make(original=original) if c.addressee.code == "kz")
    services.copy_dispatch(copy=copy, dispatched_on=timezone.localdate(), method="handed")
    other = user("pr-ru", "permanent_representative", "ru")
    own = user("pr-kz", "permanent_representative", "kz")

    with pytest.raises(RefusedError) as refused:
        services.copy_receipt(copy=copy, received_on=timezone.localdate(), by=other)
    services.copy_receipt(copy=copy, received_on=timezone.localdate(), by=own)

    assert refused.value.code == "not_the_addressee"
    copy.refresh_from_db()
    assert copy.received_on == timezone.localdate()


def test_the_register_is_intact_and_a_changed_line_is_named() -> None:
    original = registered()
    services.copies_make(original=original)
    assert services.register_verify().intact

    table = RegisterEntry._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET register_number = %s WHERE seq = 1",  # noqa: S608  # table name from the model
            ["SCO-DEP-1999-0001"],
        )
    check = services.register_verify()

    assert not check.intact
    assert any("line 1" in p and "altered" in p for p in check.problems)


def test_a_line_removed_from_the_end_of_the_register_is_caught() -> None:
    original = registered()
    services.copies_make(original=original)
    last = RegisterEntry.objects.order_by("-seq").first()
    assert last is not None
    RegisterEntry.objects.filter(pk=last.pk).delete()

    check = services.register_verify()

    assert not check.intact
    assert any("head" in p for p in check.problems)


def test_the_command_line_says_valid_for_a_copy_and_not_valid_for_anything_else(
    tmp_path: Path,
) -> None:
    original = registered()
    copy = services.copies_make(original=original)[0]
    good = tmp_path / "copy.pdf"
    with copy.pdf.open("rb") as stored:
        good.write_bytes(stored.read())
    bad = tmp_path / "other.pdf"
    bad.write_bytes(scan_pdf(1))
    out = io.StringIO()

    call_command("depositary", "verify", str(good), stdout=out)
    with pytest.raises(SystemExit) as refused:
        call_command("depositary", "verify", str(bad), stdout=out)

    assert "VALID" in out.getvalue()
    assert copy.copy_number in out.getvalue()
    assert refused.value.code == 1
    assert "NOT VALID (not_signed)" in out.getvalue()


def test_poppler_pdfsig_independently_finds_the_signature_valid(tmp_path: Path) -> None:
    if shutil.which("pdfsig") is None:
        pytest.fail("poppler's pdfsig is missing: run .ci/ensure-packages (make test does)")
    original = registered()
    copy = services.copies_make(original=original)[0]
    path = tmp_path / "copy.pdf"
    with copy.pdf.open("rb") as stored:
        path.write_bytes(stored.read())

    pdfsig = shutil.which("pdfsig")
    assert pdfsig is not None
    result = subprocess.run(  # noqa: S603  # a fixed tool on a file we wrote
        [pdfsig, "-nocert", str(path)], capture_output=True, text=True, check=False
    )

    assert "Signature is Valid" in result.stdout, result.stdout + result.stderr


def test_the_public_verification_page_and_api_answer_anyone() -> None:
    original = registered()
    copy = services.copies_make(original=original)[0]
    with copy.pdf.open("rb") as stored:
        pdf = stored.read()
    anyone = Client()

    answer = anyone.post("/api/depositary/verify", {"file": io.BytesIO(pdf)}, format="multipart")
    page = anyone.post("/depositary/verify/", {"file": _named(pdf, "copy.pdf")})

    assert answer.status_code == 200
    assert answer.json()["valid"] is True
    assert answer.json()["copy_number"] == copy.copy_number
    assert page.status_code == 200
    assert copy.copy_number in page.content.decode()


def _named(data: bytes, name: str) -> io.BytesIO:
    handle = io.BytesIO(data)
    handle.name = name
    return handle
