"""Benchmark: make certified copies (typeset, then sign) and verify them.

    python bench/depositary.py [--copies N] [--seed S] [--profile]

N synthetic certified copies (default 40) are generated: each reproduces a document of
some articles in Russian and Chinese (authentic) and English (a translation), enough text
for 2 to 5 pages before the certification statement, with its own register and copy
number and addressee. Each is typeset with typst (``render_certified_copy``) and signed
with pyHanko (``sign_pdf``: a PAdES certification with a development key made for the run
in a temporary folder), then every signed copy is verified (``verify_pdf``) against the
run's root, all in this one process, pinned to one core where the system allows it. The
first copy is a warm-up (typst loads its fonts) and is timed apart, not counted.

Printed: the copies, their pages and sizes; the mean render and sign times; certified
copies per second (render + sign), verifications per second; then the goal: at least 2
certified copies per second, PASS or FAIL (exit status 0 either way: a figure, not a test).
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import hashlib
import io
import os
import pstats
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from pypdf import PdfReader

from secretariat.signing.copies import CopyContent, LanguageVersion, render_certified_copy
from secretariat.signing.keys import keys_init, load_pkcs12_signer, load_trust_roots
from secretariat.signing.sign import sign_pdf
from secretariat.signing.verify import verify_pdf

GOAL_PER_SECOND = 2.0
DEFAULT_COPIES = 40
#: How many articles a document has: about 2 pages of text for the fewest, 5 for the most.
ARTICLES = (3, 9)
#: Sentences per article.
SENTENCES = (3, 6)

#: Words to draw sentences from, in each language of the document (Chinese: characters).
VOCABULARY: dict[str, str] = {
    "ru": (
        "государства-члены сотрудничество стороны соглашение организация развитие "
        "безопасность торговля образование культура транспорт энергетика меры обмен "
        "информация содействие совместные программы осуществляют принимают укрепляют "
        "регион устойчивое взаимное доверие порядке установленном национальным "
        "законодательством компетентные органы"
    ),
    "zh": (
        "成员国各方合作协定组织发展安全贸易教育文化交通能源措施交流信息促进联合项目"
        "实施通过加强地区可持续相互信任按照国内法律规定主管部门"
    ),
    "en": (
        "member states parties cooperation agreement organisation development security "
        "trade education culture transport energy measures exchange information promote "
        "joint programmes implement adopt strengthen region sustainable mutual trust "
        "accordance national legislation competent authorities"
    ),
}
WORDS = {lang: list(text) if lang == "zh" else text.split() for lang, text in VOCABULARY.items()}
ARTICLE = {"ru": "Статья {n}", "zh": "第{n}条", "en": "Article {n}"}
STATES = {
    "KZ": {
        "en": "the Permanent Representative of the Republic of Kazakhstan to the SCO",
        "ru": "Постоянному представителю Республики Казахстан при ШОС",
        "zh": "哈萨克斯坦共和国常驻上海合作组织代表",
    },
    "RU": {
        "en": "the Permanent Representative of the Russian Federation to the SCO",
        "ru": "Постоянному представителю Российской Федерации при ШОС",
        "zh": "俄罗斯联邦常驻上海合作组织代表",
    },
    "CN": {
        "en": "the Permanent Representative of the People's Republic of China to the SCO",
        "ru": "Постоянному представителю Китайской Народной Республики при ШОС",
        "zh": "中华人民共和国常驻上海合作组织代表",
    },
}


def _sentence(rng: random.Random, lang: str) -> str:
    words = rng.choices(WORDS[lang], k=rng.randint(8, 16) if lang != "zh" else rng.randint(20, 40))
    if lang == "zh":
        return "".join(words) + "。"
    return " ".join(words).capitalize() + "."


def _text(rng: random.Random, lang: str, articles: int) -> str:
    parts = []
    for n in range(1, articles + 1):
        sentences = " ".join(_sentence(rng, lang) for _ in range(rng.randint(*SENTENCES)))
        parts.append(f"{ARTICLE[lang].format(n=n)}\n\n{sentences}")
    return "\n\n".join(parts)


def generate_copies(n: int = DEFAULT_COPIES, seed: int = 2026) -> list[CopyContent]:
    """``n`` synthetic certified copies of documents of 2 to 5 pages of text."""
    if n < 0:
        raise ValueError("need n >= 0 copies")
    rng = random.Random(seed)
    copies = []
    for i in range(n):
        articles = rng.randint(*ARTICLES)
        state = rng.choice(sorted(STATES))
        adopted = dt.date(2026, 1, 1) + dt.timedelta(days=rng.randrange(300))
        copies.append(
            CopyContent(
                register_number=f"SCO-DEP-2026-{i + 1:04d}",
                copy_number=f"{rng.randint(1, 10)}/10",
                document_number=f"DS-2026-{rng.randint(1, 99):02d}",
                document_title={
                    "en": f"Agreement No. {i + 1} on Cooperation",
                    "ru": f"Соглашение № {i + 1} о сотрудничестве",
                    "zh": f"第{i + 1}号合作协定",
                },
                document_type={"en": "Agreement", "ru": "соглашение", "zh": "协定"},
                adopted_on=adopted,
                body_name={
                    "en": "Council of Heads of State",
                    "ru": "Совет глав государств-членов",
                    "zh": "成员国元首理事会",
                },
                addressee=STATES[state],
                certified_on=adopted + dt.timedelta(days=rng.randint(1, 7)),
                original_sha256=hashlib.sha256(f"original {i}".encode()).hexdigest(),
                texts=[
                    LanguageVersion("ru", True, _text(rng, "ru", articles)),
                    LanguageVersion("zh", True, _text(rng, "zh", articles)),
                    LanguageVersion("en", False, _text(rng, "en", articles)),
                ],
            )
        )
    return copies


def pin_to_one_core() -> str:
    """Run on a single core where the system allows it; say which."""
    if not hasattr(os, "sched_setaffinity"):
        return "one process (core pinning not available)"
    core = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {core})
    return f"one process pinned to core {core}"


def _pages(pdf: bytes) -> int:
    return len(PdfReader(io.BytesIO(pdf)).pages)


def _parse(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", type=int, default=DEFAULT_COPIES, help="copies to make")
    parser.add_argument("--seed", type=int, default=2026, help="random seed")
    parser.add_argument("--profile", action="store_true", help="cProfile render + sign")
    args = parser.parse_args(argv)
    if args.copies < 1:
        parser.error("--copies must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its figures."""
    args = _parse(argv)
    where = pin_to_one_core()
    copies = generate_copies(args.copies + 1, args.seed)
    warm_up, copies = copies[0], copies[1:]
    n = len(copies)

    with tempfile.TemporaryDirectory(prefix="bench-depositary-") as folder:
        started = time.perf_counter()
        keys = keys_init(Path(folder))
        keys_seconds = time.perf_counter() - started
        signer = load_pkcs12_signer(keys.pkcs12, keys.passphrase.read_text().strip())
        roots = list(load_trust_roots([keys.root_cert]))

    started = time.perf_counter()
    sign_pdf(render_certified_copy(warm_up), signer)
    cold_seconds = time.perf_counter() - started

    profiler = cProfile.Profile() if args.profile else None
    render_times: list[float] = []
    sign_times: list[float] = []
    signed: list[bytes] = []
    for content in copies:
        if profiler:
            profiler.enable()
        t0 = time.perf_counter()
        pdf = render_certified_copy(content)
        t1 = time.perf_counter()
        signed.append(sign_pdf(pdf, signer))
        t2 = time.perf_counter()
        if profiler:
            profiler.disable()
        render_times.append(t1 - t0)
        sign_times.append(t2 - t1)

    started = time.perf_counter()
    checks = [verify_pdf(pdf, roots) for pdf in signed]
    verify_seconds = time.perf_counter() - started

    pages = [_pages(pdf) for pdf in signed]
    sizes = [len(pdf) / 1024 for pdf in signed]
    text_chars = [sum(len(v.text) for v in c.texts) for c in copies]
    valid = sum(1 for c in checks if c.valid)
    make_seconds = sum(render_times) + sum(sign_times)
    rate = n / make_seconds
    verify_rate = n / verify_seconds

    print(f"copies: {n} (seed {args.seed}); {where}")
    print(
        f"  pages: {min(pages)}..{max(pages)} (mean {statistics.mean(pages):.1f}, with the "
        f"certification statement); text: {min(text_chars):,}..{max(text_chars):,} characters"
    )
    print(
        f"  size: {min(sizes):.0f}..{max(sizes):.0f} KiB signed; valid on verification: {valid}/{n}"
    )
    print(f"keys init (RSA-3072 root and signer): {keys_seconds * 1e3:.0f} ms")
    print(f"first copy (typst loads its fonts): {cold_seconds * 1e3:.0f} ms, not counted")
    print(
        f"render: mean {statistics.mean(render_times) * 1e3:.0f} ms "
        f"(max {max(render_times) * 1e3:.0f} ms)"
    )
    print(
        f"sign: mean {statistics.mean(sign_times) * 1e3:.0f} ms "
        f"(max {max(sign_times) * 1e3:.0f} ms)"
    )
    print(f"certified copies per second (render + sign): {rate:.2f}")
    print(f"verifications per second: {verify_rate:.1f}")
    verdict = "PASS" if rate >= GOAL_PER_SECOND and valid == n else "FAIL"
    print(f"goal >= {GOAL_PER_SECOND:g} certified copies/s, all valid: {verdict}")

    if profiler:
        report = io.StringIO()
        pstats.Stats(profiler, stream=report).sort_stats("cumulative").print_stats(15)
        print("\nprofile of render + sign, top 15 by cumulative time:")
        print(report.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
