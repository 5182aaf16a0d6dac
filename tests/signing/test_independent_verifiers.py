"""endesive, pyHanko and poppler's pdfsig all accept a certified copy.

endesive (3.0.1) refused every copy while pyHanko put the signer's certificate in the CMS
twice ("Multiple signer certificates with the same serial"). It runs in a subprocess of its
own: it imports the old ``certvalidator``, whose ``oscrypto`` 1.3.0 cannot read the version
of an OpenSSL whose patch number has two digits (3.0.19 here; wbond/oscrypto#78, fixed only
in its unreleased master). The subprocess points oscrypto, with its own ``use_openssl``, at
a libcrypto whose version it can read (the system's if it can, else the one psycopg-binary
ships), before endesive is imported; nothing of endesive is replaced.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from secretariat.signing.keys import KeyFiles
from secretariat.signing.verify import verify_pdf

ENDESIVE = r"""
import ctypes, ctypes.util, glob, json, re, site, sys

def readable(path):
    lib = ctypes.CDLL(path)
    lib.OpenSSL_version.restype = ctypes.c_char_p
    return re.search(r"\b(\d\.\d\.\d[a-z]*)\b", lib.OpenSSL_version(0).decode()) is not None

candidates = [(ctypes.util.find_library("crypto"), ctypes.util.find_library("ssl"))]
for root in site.getsitepackages():
    for crypto in sorted(glob.glob(root + "/psycopg_binary.libs/libcrypto-*.so*")):
        ssl = glob.glob(root + "/psycopg_binary.libs/libssl-*.so*")
        candidates.append((crypto, ssl[0] if ssl else None))
found = [(c, s) for c, s in candidates if c and s and readable(c)]
if not found:
    sys.exit("no libcrypto that oscrypto 1.3.0 can read (wbond/oscrypto#78)")
import oscrypto
oscrypto.use_openssl(*found[0])

from endesive import pdf

data = open(sys.argv[1], "rb").read()
root = open(sys.argv[2], "rb").read()
result, unsigned_rest = pdf.verify(data, [root])
print(json.dumps({
    "hash": result.hashok,
    "signature": result.signatureok,
    "certificate": result.certok,
    "whole_file": unsigned_rest is None,
}))
"""


def _endesive(pdf: bytes, root: Path, tmp_path: Path) -> dict[str, bool]:
    path = tmp_path / "copy.pdf"
    path.write_bytes(pdf)
    done = subprocess.run(  # noqa: S603  # this interpreter, on files this test wrote
        [sys.executable, "-c", ENDESIVE, str(path), str(root)],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, bool] = json.loads(done.stdout)
    return result


def test_endesive_accepts_the_certified_copy(
    signed_copy: bytes, keys: KeyFiles, tmp_path: Path
) -> None:
    assert _endesive(signed_copy, keys.root_cert, tmp_path) == {
        "hash": True,
        "signature": True,
        "certificate": True,
        "whole_file": True,
    }


def test_endesive_refuses_a_copy_changed_after_signing(
    signed_copy: bytes, keys: KeyFiles, tmp_path: Path
) -> None:
    changed = bytearray(signed_copy)
    changed[2000] ^= 0x01

    assert _endesive(bytes(changed), keys.root_cert, tmp_path)["hash"] is False


def test_pyhanko_and_pdfsig_accept_the_same_copy(
    signed_copy: bytes, roots: list[Any], tmp_path: Path
) -> None:
    pdfsig = shutil.which("pdfsig")
    if pdfsig is None:
        pytest.fail("poppler's pdfsig is missing: run .ci/ensure-packages (make test does)")
    path = tmp_path / "copy.pdf"
    path.write_bytes(signed_copy)

    said = subprocess.run(  # noqa: S603  # a fixed program on a file this test wrote
        [pdfsig, "-nocert", str(path)], capture_output=True, text=True, check=False
    ).stdout

    assert verify_pdf(signed_copy, roots).code == "valid"
    assert "Signature Validation: Signature is Valid." in said
    assert "Total document signed" in said
