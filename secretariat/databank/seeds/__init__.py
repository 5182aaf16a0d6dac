"""The demo corpus: the five public SCO texts the rules come from, and what each concerns."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

SEEDS_DIR = Path(__file__).resolve().parent


@dataclass(frozen=True, slots=True)
class SeedEntry:
    title: str
    kind: str
    #: Registry body codes the text concerns (none: the Organisation as a whole).
    bodies: tuple[str, ...]


#: From the seeds' README table; the titles are those the regulation files cite.
SEED_CATALOGUE: dict[str, SeedEntry] = {
    "000_be8d920ad4819a98": SeedEntry("SCO Secretariat in brief", "brief", ("secretariat",)),
    "001_f2b3b639556f710e": SeedEntry(
        "Выдержки из положений об органах ШОС",
        "regulation",
        ("cmfa", "min", "cnc", "secretariat"),
    ),
    "002_4d0bb027460e5821": SeedEntry(
        "Development Strategy of the Shanghai Cooperation Organization until 2025",
        "strategy",
        (),
    ),
    "003_b885ef0e246eda39": SeedEntry(
        "В Москве обсудили вопросы международной деятельности ШОС", "news", ("secretariat",)
    ),
    "004_da3ccb8d0c08a07c": SeedEntry(
        "Регламент Правления Делового совета ШОС", "regulation", ("bcb",)
    ),
}


def seed_paths() -> list[Path]:
    """Return the seed texts in their numbered order."""
    return sorted(SEEDS_DIR.glob("*.txt"))
