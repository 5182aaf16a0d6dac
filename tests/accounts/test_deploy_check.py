"""`secretariat check --deploy` finds nothing to fix with production settings."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

SECRETARIAT = Path(sys.executable).with_name("secretariat")


def test_the_deploy_check_is_clean_with_production_settings(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SECRETARIAT_ENV": "production",
        "SECRETARIAT_SECRET_KEY": secrets.token_urlsafe(60),
        "SECRETARIAT_ALLOWED_HOSTS": "secretariat.example.org",
        # The links of e-mails (a check refuses production without it: tests/notifications).
        "SECRETARIAT_BASE_URL": "https://secretariat.example.org",
        # Keep the check's database and static folder out of the checkout.
        "SECRETARIAT_VAR_DIR": str(tmp_path),
    }
    env.pop("SECRETARIAT_DEBUG", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)

    result = subprocess.run(  # noqa: S603  # our own command, fixed arguments
        [str(SECRETARIAT), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
