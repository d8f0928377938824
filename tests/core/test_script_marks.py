"""|inscript marks a name typed in the other script than the page's with its lang and dir."""

from django.template import Context, Template
from django.utils import translation


def _render(value, language):
    with translation.override(language):
        template = Template("{% load script_marks %}{{ value|inscript }}")
        return template.render(Context({"value": value}))


def test_an_arabic_name_on_a_french_page_is_marked_arabic():
    assert _render("حسن بوزيد", "fr") == '<span lang="ar" dir="rtl">حسن بوزيد</span>'


def test_a_latin_name_on_an_arabic_page_is_marked_french():
    assert _render("Hamza Ouali", "ar") == '<span lang="fr" dir="ltr">Hamza Ouali</span>'


def test_a_name_in_the_pages_script_is_left_bare_and_escaped():
    assert _render("Hamza <b>", "fr") == "Hamza &lt;b&gt;"
    assert _render("حسن", "ar") == "حسن"
    assert _render(None, "ar") == ""
