"""The on-scene outcome belongs to the response, that is the episode (issue 27).

An outcome stored on each contact let one episode carry two (a response and a later visit both
marked "stabilized in place") and be counted twice in the report, and an episode whose team
arrived by dispatch could carry none. Now:

- ``episodes.scene_outcome``: how the episode's face-to-face response ended, one per episode;
  a later one replaces it (the audit keeps what it replaced).
- ``episodes.scene_outcome_contact_id``: the contact it was recorded with (the timeline shows it
  there; its time says which crisis phase it answered). No REFERENCES clause: the demo loader
  writes episodes before their contacts in one batch.
- The existing outcomes move over, the latest of each episode winning (a later one was a
  correction); ``contacts.outcome`` and its index go.
"""

SQL = r"""
ALTER TABLE episodes ADD COLUMN scene_outcome TEXT;
ALTER TABLE episodes ADD COLUMN scene_outcome_contact_id INTEGER;
UPDATE episodes SET scene_outcome_contact_id = (
    SELECT c.id FROM contacts c WHERE c.episode_id = episodes.id AND c.outcome IS NOT NULL
    ORDER BY c.at DESC, c.id DESC LIMIT 1);
UPDATE episodes SET scene_outcome = (
    SELECT c.outcome FROM contacts c WHERE c.id = episodes.scene_outcome_contact_id)
    WHERE scene_outcome_contact_id IS NOT NULL;
DROP INDEX IF EXISTS contacts_outcome;
ALTER TABLE contacts DROP COLUMN outcome;
"""
