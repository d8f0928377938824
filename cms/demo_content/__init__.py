"""Demo content of the public site, in Arabic and French, written for citizens.

Data only: ``cms.demo`` builds the pages. Every legal figure sits in a legal-reference block;
one that has not been checked against the official text is flagged "to be confirmed" rather
than guessed."""

import datetime

# The state of the law these texts describe.
AS_OF = datetime.date(2026, 11, 1)

SGG = "https://www.sgg.gov.ma"
PARTICIPATION_PORTAL = "https://www.eparticipation.ma"
CNDP = "https://www.cndp.ma"
DGSSI = "https://www.dgssi.gov.ma"


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def paragraph(html):
    return ("paragraph", html)


def legal(law, *, article="", threshold="", url=SGG, to_be_confirmed=False):
    return (
        "legal_reference",
        {
            "law": law,
            "article": article,
            "threshold": threshold,
            "source_url": url,
            "as_of": AS_OF,
            "to_be_confirmed": to_be_confirmed,
        },
    )


def figure(number, label, source, url=""):
    return ("key_figure", {"number": number, "label": label, "source": source, "source_url": url})


def faq(title, items):
    return (
        "faq",
        {"title": title, "items": [{"question": q, "answer": a} for q, a in items]},
    )


def link(title, url, publisher=""):
    return ("link", {"title": title, "url": url, "publisher": publisher})
