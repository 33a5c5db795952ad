"""A stored number reads one way on every screen, page and print (domain/phones.shown_number)."""

from mrss_tui.domain.call_facts import CallFacts, call_facts_lines
from mrss_tui.domain.enums import Line
from mrss_tui.domain.phones import check_phone, shown_number


def test_a_number_of_the_lines_country_reads_in_its_national_form():
    assert shown_number("+15415550123") == "(541) 555-0123"
    assert check_phone("541 555 0123").display == "(541) 555-0123"


def test_a_foreign_number_reads_in_international_form_and_text_as_stored():
    assert shown_number("+442079460958") == "+44 20 7946 0958"
    assert shown_number("") == ""
    assert shown_number("ask dispatch") == "ask dispatch"


def test_the_call_facts_show_the_callback_as_it_reads_everywhere():
    lines = dict(call_facts_lines(CallFacts(line=Line.L988, callback="+15415550123", callback_valid=True)))
    assert lines["Call back"] == "(541) 555-0123"
    bad = dict(call_facts_lines(CallFacts(line=Line.L988, callback="+15415550000", callback_valid=False)))
    assert bad["Call back"] == "(541) 555-0000 (not a valid number)"
