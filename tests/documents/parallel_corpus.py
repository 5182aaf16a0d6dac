"""A parallel corpus for the alignment: the rules of each regulation taken from the seeds.

The seeds are each in one language; the rulebook (procedure/regulations/*.yaml) gives every
rule taken from them in Russian, Chinese and English. A regulation's rules, one paragraph
each under its title, make three language versions of one text whose true alignment is
known: paragraph k of each language is rule k.

Variants: numbered as the seeds number them ("Статья 5." / "第五条" / "Article 5."), without
numbers (alignment by length alone), and with the irregularities of real translations: a
Chinese paragraph split in two, an English paragraph missing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from secretariat.procedure.rules import rulebook

CN = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1..99 in Chinese numerals (第十五条)."""
    tens, units = divmod(n, 10)
    head = ("" if tens == 1 else CN[tens]) + "十" if tens else ""
    return head + (CN[units] if units or not tens else "")


@dataclass(frozen=True, slots=True)
class ParallelText:
    name: str
    texts: dict[str, str]
    #: The true rows: for each, the paragraph indices of each language.
    gold: list[dict[str, tuple[int, ...]]]


def regulation_texts() -> list[tuple[str, dict[str, str], list[dict[str, str]]]]:
    """(regulation code, its title, its rules' wordings) for every regulation."""
    book = rulebook()
    found = []
    for code, regulation in sorted(book.regulations.items()):
        rules = [r for r in book.rules.values() if r.regulation == code]
        if len(rules) < 2:
            continue
        title = {lang: regulation.title[lang] for lang in ("ru", "zh", "en")}
        found.append((code, title, [{lang: r.wording[lang] for lang in title} for r in rules]))
    return found


def _gold(count: int) -> list[dict[str, tuple[int, ...]]]:
    return [dict.fromkeys(("ru", "zh", "en"), (k,)) for k in range(count)]


def numbered() -> list[ParallelText]:
    corpus = []
    for code, title, rules in regulation_texts():
        texts = {
            "ru": [title["ru"]] + [f"Статья {k}. {r['ru']}" for k, r in enumerate(rules, 1)],
            "zh": [title["zh"]]
            + [f"第{chinese_number(k)}条　{r['zh']}" for k, r in enumerate(rules, 1)],
            "en": [title["en"]] + [f"Article {k}. {r['en']}" for k, r in enumerate(rules, 1)],
        }
        corpus.append(
            ParallelText(code, {k: "\n\n".join(v) for k, v in texts.items()}, _gold(len(rules) + 1))
        )
    return corpus


def unnumbered() -> list[ParallelText]:
    corpus = []
    for code, title, rules in regulation_texts():
        texts = {lang: "\n\n".join([title[lang]] + [r[lang] for r in rules]) for lang in title}
        corpus.append(ParallelText(code, texts, _gold(len(rules) + 1)))
    return corpus


NUMBERED = {
    "ru": lambda k, text: f"Статья {k}. {text}",
    "zh": lambda k, text: f"第{chinese_number(k)}条　{text}",
    "en": lambda k, text: f"Article {k}. {text}",
}


def irregular(*, numbered: bool = False) -> list[ParallelText]:
    """With the longest Chinese rule split at a sentence end (a 1-2 bead) and the English of
    the shortest rule left out (a 1-0 bead); numbered as the seeds are, or not."""
    corpus = []
    for code, title, rules in regulation_texts():
        if len(rules) < 4:
            continue
        paragraphs = {
            lang: [title[lang]]
            + [NUMBERED[lang](k, r[lang]) if numbered else r[lang] for k, r in enumerate(rules, 1)]
            for lang in title
        }
        splittable = [
            k
            for k in range(1, len(rules) + 1)
            if re.search(r"[。；](?=.)", paragraphs["zh"][k].rstrip("。"))
        ]
        if not splittable:
            continue
        split = max(splittable, key=lambda k: len(paragraphs["zh"][k]))
        dropped = min(
            (k for k in range(1, len(rules) + 1) if k != split),
            key=lambda k: len(paragraphs["en"][k]),
        )
        head, tail = re.split(r"(?<=[。；])", paragraphs["zh"][split], maxsplit=1)
        zh = [*paragraphs["zh"][:split], head, tail, *paragraphs["zh"][split + 1 :]]
        en = paragraphs["en"][:dropped] + paragraphs["en"][dropped + 1 :]
        gold = []
        for k in range(len(rules) + 1):
            zh_cell = (k,) if k < split else ((k, k + 1) if k == split else (k + 1,))
            en_cell = () if k == dropped else ((k,) if k < dropped else (k - 1,))
            gold.append({"ru": (k,), "zh": zh_cell, "en": en_cell})
        texts = {"ru": "\n\n".join(paragraphs["ru"]), "zh": "\n\n".join(zh)}
        texts["en"] = "\n\n".join(en)
        corpus.append(ParallelText(code, texts, gold))
    return corpus
