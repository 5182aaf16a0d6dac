"""The certified-copy benchmark: its generator, and one small run's report (no timing asserts)."""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

BENCH_SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "depositary.py"


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    """bench/depositary.py, loaded as a module (bench/ is a folder of scripts, not a package)."""
    spec = importlib.util.spec_from_file_location("bench_depositary", BENCH_SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being built
    spec.loader.exec_module(module)
    return module


def test_the_generator_makes_numbered_copies_in_russian_chinese_and_english(
    bench: ModuleType,
) -> None:
    copies = bench.generate_copies(6, seed=4)

    assert len(copies) == 6
    assert len({c.register_number for c in copies}) == 6
    for copy in copies:
        assert [(v.lang, v.authentic) for v in copy.texts] == [
            ("ru", True),
            ("zh", True),
            ("en", False),
        ]
        assert all(v.text.strip() for v in copy.texts)
        assert copy.certified_on > copy.adopted_on
    assert bench.generate_copies(6, seed=4) == copies


def test_a_run_of_two_copies_reports_every_figure_and_the_goal(tmp_path: Path) -> None:
    # A separate process: the benchmark pins itself to one core, which the test run must not.
    done = subprocess.run(  # noqa: S603  # this interpreter running the project's own script
        [sys.executable, str(BENCH_SCRIPT), "--copies", "2", "--seed", "5"],
        capture_output=True,
        text=True,
        check=True,
        cwd=tmp_path,
        timeout=300,
    )
    out = done.stdout

    assert re.search(r"^copies: 2 \(seed 5\); ", out, re.M)
    pages = re.search(r"^  pages: (\d+)\.\.(\d+) ", out, re.M)
    assert pages is not None
    assert 3 <= int(pages[1]) <= int(pages[2]) <= 9
    assert "valid on verification: 2/2" in out
    assert re.search(r"^render: mean \d+ ms \(max \d+ ms\)$", out, re.M)
    assert re.search(r"^sign: mean \d+ ms \(max \d+ ms\)$", out, re.M)
    assert re.search(r"^certified copies per second \(render \+ sign\): \d+\.\d\d$", out, re.M)
    assert re.search(r"^verifications per second: \d+\.\d$", out, re.M)
    assert re.search(r"^goal >= 2 certified copies/s, all valid: (PASS|FAIL)$", out, re.M)
