"""Dispatch you can trust (issue 11).

- ``dispatches.status = 'awaiting'``: a mobile-dispatch call gets its dispatch in the same
  transaction as the call, before anyone is paged (``paged_at`` holds the time it was created
  until a team is paged). ``dispatches_awaiting`` serves the "no team paged yet" scan.
- ``dispatches.cancel_reason`` / ``gap_reason``: why a dispatch was cancelled; why a team that
  lacks a required role was paged anyway.
- ``calls.origin_received_at``: when the originating line (988, 2-1-1, 911) received a call
  handed on to us; the response clock and the report measure from it when it is known.
- ``calls.linked_episode_id``: a repeat call about someone with an open episode, added to that
  episode (by the coordinator's choice) instead of opening a second one.
- ``pages.resends``: sends of a page whose earlier outcome was unknown (a sender died after
  claiming it): each one may be a duplicate at the receiver, so they are counted.
- ``pages_lost_claims``: queued pages still claimed (a sender that may have died mid-send).
- ``calls_received_origin`` / ``dispatches_call_response``: keep the weekly report's response
  reads index-only now that they also read the origin time and skip awaiting dispatches.
"""

SQL = r"""
ALTER TABLE dispatches ADD COLUMN cancel_reason TEXT NOT NULL DEFAULT '';
ALTER TABLE dispatches ADD COLUMN gap_reason TEXT NOT NULL DEFAULT '';
CREATE INDEX dispatches_awaiting ON dispatches(paged_at) WHERE status = 'awaiting';
ALTER TABLE calls ADD COLUMN origin_received_at TEXT;
ALTER TABLE calls ADD COLUMN linked_episode_id INTEGER REFERENCES episodes(id);
ALTER TABLE pages ADD COLUMN resends INTEGER NOT NULL DEFAULT 0;
CREATE INDEX calls_received_origin ON calls(received_at, origin_received_at);
CREATE INDEX dispatches_call_response ON dispatches(call_id, cancelled_at, status, arrived_at);
CREATE INDEX pages_lost_claims ON pages(claimed_until)
    WHERE status = 'queued' AND claimed_by IS NOT NULL;
"""
