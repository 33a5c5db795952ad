"""Answering a page from the phone: signed single-use links (through Starlette's TestClient) and
SMS replies. Real SQLite, a frozen clock for exact expiry."""

from __future__ import annotations

from datetime import timedelta

import pytest
from starlette.testclient import TestClient

from mrss_tui.domain.enums import DispatchStatus
from mrss_tui.domain.phone_actions import (
    BadSmsReply,
    PhoneAction,
    ntfy_actions,
    parse_sms_reply,
)
from mrss_tui.errors import ValidationFailed
from mrss_tui.web.ack_app import make_app
from mrss_tui.workflow.phone_ack import (
    PhoneLinks,
    key_file,
    page_extras,
    read_keys,
    record_sms_reply,
    rotate_keys,
)
from tests.phone_ack_helpers import CLIN_PHONE, ack_config, paged_team


@pytest.fixture
def cfg():
    return ack_config(link_minutes=30)


@pytest.fixture
def team(make_session, cfg):
    return paged_team(make_session, cfg)


@pytest.fixture
def links(cfg, db_path, clock):
    return PhoneLinks.for_store(cfg, db_path, clock, create_key=True)


@pytest.fixture
def client(db_path, cfg, clock, links):
    with TestClient(make_app(db_path, cfg, clock)) as c:
        yield c


def path_of(links, page, action):
    return links.links(page)[action].removeprefix("https://crisis.example.org/ack")


def member(store, dispatch_id, staff_id):
    return next(m for m in store.dispatches.members(dispatch_id) if m.staff_id == staff_id)


def test_get_shows_one_button_and_changes_nothing(client, links, team, store):
    _session, result = team
    page = result.pages[0]
    before = store.audit_log.count()
    response = client.get(path_of(links, page, PhoneAction.ACKNOWLEDGE))
    assert response.status_code == 200
    assert "<button" in response.text and "Acknowledge" in response.text
    assert "Clin Person" in response.text and "12 Main St" not in response.text
    assert member(store, result.dispatch.id, page.staff_id).acknowledged_at is None
    assert store.phone_replies.for_dispatch(result.dispatch.id) == []
    assert store.audit_log.count() == before
    assert response.headers["cache-control"] == "no-store"


def test_post_acknowledges_once_and_a_replay_changes_nothing(client, links, team, store, clock):
    _session, result = team
    page = result.pages[0]
    url = path_of(links, page, PhoneAction.ACKNOWLEDGE)
    first = client.post(url)
    assert first.status_code == 200 and "Recorded: acknowledged" in first.text
    acked = member(store, result.dispatch.id, page.staff_id).acknowledged_at
    assert acked == clock.now()
    assert store.dispatches.get(result.dispatch.id).status is DispatchStatus.ACKNOWLEDGED
    clock.advance(timedelta(minutes=1))
    again = client.post(url)
    assert again.status_code == 200 and "Already recorded" in again.text
    replies = store.phone_replies.for_dispatch(result.dispatch.id)
    assert [(r.channel, r.action) for r in replies] == [("link", PhoneAction.ACKNOWLEDGE)]
    assert member(store, result.dispatch.id, page.staff_id).acknowledged_at == acked
    audit = [r for r in store.audit_log.find(actor="clin") if r.action == "dispatch.phone_reply"]
    assert len(audit) == 1 and audit[0].detail["channel"] == "link"


def test_status_only_moves_forward(client, links, team, store):
    _session, result = team
    page = result.pages[0]
    assert client.post(path_of(links, page, PhoneAction.ARRIVED)).status_code == 200
    dispatch = store.dispatches.get(result.dispatch.id)
    assert dispatch.status is DispatchStatus.ARRIVED
    late = client.post(path_of(links, page, PhoneAction.EN_ROUTE))
    assert late.status_code == 200 and "Already recorded" in late.text
    assert store.dispatches.get(result.dispatch.id).status is DispatchStatus.ARRIVED
    assert store.dispatches.get(result.dispatch.id).en_route_at is None


def test_tampered_token_is_refused_and_changes_nothing(client, links, team, store):
    _session, result = team
    url = path_of(links, result.pages[0], PhoneAction.ACKNOWLEDGE)
    head, _, tail = url.rpartition(".")
    forged = head + "." + ("A" if tail[0] != "A" else "B") + tail[1:]
    for response in (client.get(forged), client.post(forged), client.post("/a/not-a-token")):
        assert response.status_code == 403
        assert "not valid" in response.text
    assert store.dispatches.get(result.dispatch.id).status is DispatchStatus.PAGED


def test_token_signed_with_another_key_is_refused(client, cfg, tmp_path, team, store, clock):
    _session, result = team
    foreign = PhoneLinks.for_store(cfg, tmp_path / "other.db", clock, create_key=True)
    url = path_of(foreign, result.pages[0], PhoneAction.ACKNOWLEDGE)
    assert client.post(url).status_code == 403
    assert store.dispatches.get(result.dispatch.id).status is DispatchStatus.PAGED


def test_link_expires_exactly_after_link_minutes(client, links, team, store, clock):
    _session, result = team
    url = path_of(links, result.pages[0], PhoneAction.ACKNOWLEDGE)
    clock.advance(timedelta(minutes=30))
    assert client.get(url).status_code == 200  # at exactly the limit it still works
    clock.advance(timedelta(seconds=1))
    expired = client.post(url)
    assert expired.status_code == 410 and "expired" in expired.text
    assert store.dispatches.get(result.dispatch.id).status is DispatchStatus.PAGED


def test_a_link_for_another_members_page_is_refused(client, links, team, store):
    _session, result = team
    clin, peer = result.pages
    token = links.serializer.dumps({"p": clin.id, "d": clin.dispatch_id, "s": peer.staff_id,
                                    "a": "ack", "n": "x"})
    assert client.post(f"/a/{token}").status_code == 403
    assert store.dispatches.get(result.dispatch.id).status is DispatchStatus.PAGED


def test_rotation_keeps_links_already_sent_working(cfg, db_path, clock, team, store):
    _session, result = team
    old = PhoneLinks.for_store(cfg, db_path, clock, create_key=True)
    url = path_of(old, result.pages[0], PhoneAction.ACKNOWLEDGE)
    keys = rotate_keys(key_file(cfg, db_path))
    assert len(keys) == 2 and read_keys(key_file(cfg, db_path)) == keys
    assert oct(key_file(cfg, db_path).stat().st_mode & 0o777) == "0o600"
    with TestClient(make_app(db_path, cfg, clock)) as client:
        assert client.post(url).status_code == 200
    assert store.dispatches.get(result.dispatch.id).status is DispatchStatus.ACKNOWLEDGED


def test_page_text_carries_links_sms_hint_and_ntfy_buttons(cfg, db_path, clock, team):
    _session, result = team
    page = result.pages[0]
    extras = page_extras(cfg, db_path, clock)
    url, text = extras("ntfy://127.0.0.1:9/team", page)
    assert "Acknowledge: https://crisis.example.org/ack/a/" in text
    assert f"Reply A {page.id} ack, E {page.id} MIN en route, R {page.id} arrived" in text
    assert "actions=http%2C%20Acknowledge%2C%20https" in url
    plain_url, _ = extras("json://127.0.0.1:9/x", page)
    assert "actions=" not in plain_url


# -- SMS ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("text, action, page, eta", [
    ("A 123", PhoneAction.ACKNOWLEDGE, 123, None), ("a123", PhoneAction.ACKNOWLEDGE, 123, None),
    ("E 123 25", PhoneAction.EN_ROUTE, 123, 25), ("e 123 25 min", PhoneAction.EN_ROUTE, 123, 25),
    ("R 7.", PhoneAction.ARRIVED, 7, None), ("E 9", PhoneAction.EN_ROUTE, 9, None),
])
def test_sms_grammar(text, action, page, eta):
    reply = parse_sms_reply(text)
    assert (reply.action, reply.page_id, reply.eta_minutes) == (action, page, eta)


@pytest.mark.parametrize("text", ["", "yes", "A", "A 12 30", "X 12", "E 12 999", "A 12; rm -rf"])
def test_bad_sms_is_refused_without_repeating_it(text):
    with pytest.raises(BadSmsReply) as caught:
        parse_sms_reply(text)
    assert len(text) < 3 or text not in str(caught.value)


def test_sms_from_the_members_phone_moves_the_team_on(team, store, cfg, clock):
    _session, result = team
    page = result.pages[0]
    answer = record_sms_reply(store, cfg, clock, sender="+15415550170", text=f"E {page.id} 25",
                              message_id="IN1")
    assert answer.recorded
    assert store.dispatches.get(result.dispatch.id).status is DispatchStatus.EN_ROUTE
    again = record_sms_reply(store, cfg, clock, sender=CLIN_PHONE, text=f"E {page.id} 25",
                             message_id="IN1")
    assert not again.recorded
    (reply,) = store.phone_replies.for_dispatch(result.dispatch.id)
    assert (reply.channel, reply.eta_minutes) == ("sms", 25)
    assert "en route by SMS" in reply.describe(cfg.zone) and "ETA 25 min" in reply.describe(cfg.zone)


def test_sms_from_an_unknown_number_changes_nothing(team, store, cfg, clock):
    _session, result = team
    with pytest.raises(ValidationFailed, match="not the member"):
        record_sms_reply(store, cfg, clock, sender="+15415550199",
                         text=f"A {result.pages[0].id}")
    with pytest.raises(ValidationFailed, match="no such page"):
        record_sms_reply(store, cfg, clock, sender=CLIN_PHONE, text="A 99999")
    assert store.dispatches.get(result.dispatch.id).status is DispatchStatus.PAGED
    assert store.phone_replies.for_dispatch(result.dispatch.id) == []


def test_ntfy_header_has_three_post_buttons():
    header = ntfy_actions({a: f"https://x/a/{a.value}" for a in PhoneAction})
    assert header.count("method=POST") == 3 and header.startswith("http, Acknowledge, https://x/a/ack")


@pytest.mark.parametrize("ack, words", [
    ({"base_url": "javascript:alert(1)"}, "http:// or https://"),
    ({"base_url": "https://x.org/ack?next=evil"}, "http:// or https://"),
    ({"listen": "8086"}, "HOST:PORT"),
    ({"link_minutes": 0}, "link_minutes"),
])
def test_a_wrong_ack_setting_is_refused_with_its_name(ack, words):
    from mrss_tui.errors import ConfigError

    with pytest.raises(ConfigError) as caught:
        ack_config(**ack)
    assert words in str(caught.value)


def test_a_broken_key_file_never_stops_a_page(make_session, cfg, db_path, clock, store,
                                              receiver):
    from mrss_tui.workflow.context import SYSTEM, Session
    from mrss_tui.workflow.page_sender import send_due_pages

    paged_team(make_session, cfg, paging_url=receiver.url("/p"))
    key_file(cfg, db_path).write_bytes(b"\xff\xfe not ascii")
    sent = send_due_pages(Session(store, cfg, SYSTEM, clock))
    assert {p.status.value for p in sent} == {"sent"}
    assert all("/a/" not in body["message"] for body in receiver.bodies)
