"""The awareness articles' legal facts carry their sources, and no editor's note reaches the
public (issue #21, "Facts with sources").

Read straight from the demo content files (no database): every JSON file under
``demo/content/cms/`` for the editor's-note rules, the article files under ``articles/`` for the
citation rules. The rules, precisely:

1. No public string (titles, intros, every block value except addresses, dates and block
   settings) contains an editor's note: "vérifier", "confirmer", "to be confirmed", "TODO", or
   their Arabic equivalents ("يرجى التحقق", "للتحقق", "قيد التحقق", "يرجى التأكد"...).
2. No legal reference is ticked "to be confirmed" (the block template shows that flag to
   citizens).
3. Every law of the issue's scope (organic laws 44-14, 64-14, 70-21, 71-21, 111-14, 112-14,
   113-14 and law 09-08) that an article's intro or body mentions is cited, in the same article
   and language, by a legal reference whose "law or text" names that law and gives its
   Bulletin officiel number and date ("BO n° 6492 du 18 août 2016" /
   "الجريدة الرسمية عدد 6492 بتاريخ 18 غشت 2016").
4. Every legal reference to a law of that scope gives its Bulletin officiel, and one that states a
   threshold or condition gives the article(s) it comes from. A key figure in an awareness
   article names its text, article and Bulletin officiel in its source.
5. The Arabic and French versions of an article say the same thing: the same sequence of body
   blocks, the same laws mentioned, the same key figures, and legal references citing the same
   texts, Bulletin officiel issues and dates, and article numbers.
"""

import json
import re
from pathlib import Path

import pytest

CONTENT = Path(__file__).resolve().parents[2] / "demo" / "content" / "cms"
ARTICLE_FILES = sorted((CONTENT / "articles").glob("*.json"))
CONTENT_FILES = sorted(CONTENT.rglob("*.json"))
LANGUAGES = ("ar", "fr")

# Keys whose values citizens never read as text: addresses, dates, block settings, identifiers.
NOT_PUBLIC = {
    "source_url",
    "url",
    "as_of",
    "slug",
    "topic",
    "type",
    "level",
    "page",
    "to_be_confirmed",
}

EDITOR_NOTE = re.compile(
    r"\bvérifier\b|\bconfirmer\b|\bà confirmer\b|to be confirmed|\bTODO\b|\bTBC\b|\bFIXME\b"
    r"|يُ?رجى التحقق|يُ?رجى التأكد|للتحقق|قيد التحقق|في انتظار التأكيد|بحاجة إلى تأكيد",
    re.IGNORECASE,
)

# The texts of the issue's scope, as "NN-YY" (Arabic writes 44.14, French 44-14).
SCOPE = {"44-14", "64-14", "70-21", "71-21", "111-14", "112-14", "113-14", "09-08"}
LAW_NUMBER = re.compile(r"(?<![\d.\-])(\d{2,3})[.\-](\d{2})(?![\d.\-])")

FRENCH_MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
# Morocco's Arabic month names, as the Bulletin officiel writes them.
ARABIC_MONTHS = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ماي",
    "يونيو",
    "يوليوز",
    "غشت",
    "شتنبر",
    "أكتوبر",
    "نونبر",
    "دجنبر",
]
BULLETIN = {
    "fr": re.compile(
        r"BO n° ?(\d{4}) du (\d{1,2})(?:er)? (" + "|".join(FRENCH_MONTHS) + r") (\d{4})"
    ),
    "ar": re.compile(
        r"الجريدة الرسمية عدد (\d{4}) بتاريخ (\d{1,2}) (" + "|".join(ARABIC_MONTHS) + r") (\d{4})"
    ),
}
MONTHS = {"fr": FRENCH_MONTHS, "ar": ARABIC_MONTHS}
ARTICLE_WORD = re.compile(r"\bart(?:icle)?s?\b\.?|المادة|المواد", re.IGNORECASE)


def _load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


def _articles():
    """``(file name, article)`` for every awareness article."""
    return [(path.name, article) for path in ARTICLE_FILES for article in _load(path)]


def _strings(value, key=None):
    """Every public string inside ``value``."""
    if key in NOT_PUBLIC:
        return
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for child_key, child in value.items():
            yield from _strings(child, child_key)
    elif isinstance(value, list):
        for child in value:
            yield from _strings(child)


def _blocks(stream, block_type):
    return [block["value"] for block in stream if block["type"] == block_type]


def _laws(text: str) -> set[str]:
    """The law numbers ``text`` names, normalised to "NN-YY"."""
    return {f"{number}-{year}" for number, year in LAW_NUMBER.findall(text)}


def _bulletin(text: str, language: str):
    """``(issue, day, month, year)`` of the first Bulletin officiel ``text`` cites, or None."""
    found = BULLETIN[language].search(text)
    if not found:
        return None
    issue, day, month, year = found.groups()
    return (issue, int(day), MONTHS[language].index(month) + 1, year)


def _references(version):
    return _blocks(version["sources"], "legal_reference") + _blocks(
        version["body"], "legal_reference"
    )


def _mentioned(version) -> set[str]:
    """Laws of the scope that the intro and body (other than legal references) mention."""
    body = [block for block in version["body"] if block["type"] != "legal_reference"]
    text = " ".join([version["intro"], *_strings(body)])
    return _laws(text) & SCOPE


def test_the_content_files_are_found():
    assert len(ARTICLE_FILES) >= 3
    assert len(_articles()) >= 8


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda path: path.name)
def test_no_public_text_carries_an_editors_note(path):
    notes = [text for text in _strings(_load(path)) if EDITOR_NOTE.search(text)]
    assert notes == [], f"{path.name}: editor's notes in public text: {notes}"


@pytest.mark.parametrize("path", CONTENT_FILES, ids=lambda path: path.name)
def test_no_legal_reference_is_shown_to_be_confirmed(path):
    flagged = []

    def walk(value):
        if isinstance(value, dict):
            if value.get("type") == "legal_reference" and value["value"].get("to_be_confirmed"):
                flagged.append(value["value"]["law"])
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(_load(path))
    assert flagged == [], f"{path.name}: references flagged 'to be confirmed': {flagged}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_law_an_article_mentions_is_cited_with_its_bulletin_officiel(language):
    missing = []
    for name, article in _articles():
        version = article[language]
        cited = {
            law
            for reference in _references(version)
            if _bulletin(reference["law"], language)
            for law in _laws(reference["law"])
        }
        for law in sorted(_mentioned(version) - cited):
            missing.append(f"{name} {article['slug']} ({language}): {law}")
    assert missing == [], "laws mentioned without a cited Bulletin officiel: " + "; ".join(missing)


@pytest.mark.parametrize("language", LANGUAGES)
def test_references_and_key_figures_name_their_text_article_and_bulletin(language):
    problems = []
    for name, article in _articles():
        version = article[language]
        where = f"{name} {article['slug']} ({language})"
        for reference in _references(version):
            if _laws(reference["law"]) & SCOPE and not _bulletin(reference["law"], language):
                problems.append(f"{where}: no Bulletin officiel in {reference['law']!r}")
            if re.search(r"\d", reference["threshold"]) and not reference["article"].strip():
                problems.append(f"{where}: threshold {reference['threshold']!r} without article")
        for figure in _blocks(version["body"], "key_figure"):
            source = figure["source"]
            if not (_bulletin(source, language) and ARTICLE_WORD.search(source)):
                problems.append(f"{where}: key figure {figure['number']} cites {source!r}")
    assert problems == [], "; ".join(problems)


def _reference_facts(version, language):
    """What the legal references of one version cite, comparable across languages."""
    return sorted(
        (
            sorted(_laws(reference["law"])),
            _bulletin(reference["law"], language),
            sorted(int(number) for number in re.findall(r"\d+", reference["article"])),
        )
        for reference in _references(version)
    )


@pytest.mark.parametrize(
    "article", [pytest.param(article, id=article["slug"]) for _, article in _articles()]
)
def test_arabic_and_french_versions_cite_the_same_facts(article):
    arabic, french = article["ar"], article["fr"]
    assert [block["type"] for block in arabic["body"]] == [
        block["type"] for block in french["body"]
    ]
    assert _mentioned(arabic) == _mentioned(french)
    assert [
        re.sub(r"\D", "", figure["number"]) for figure in _blocks(arabic["body"], "key_figure")
    ] == [re.sub(r"\D", "", figure["number"]) for figure in _blocks(french["body"], "key_figure")]
    assert _reference_facts(arabic, "ar") == _reference_facts(french, "fr")
