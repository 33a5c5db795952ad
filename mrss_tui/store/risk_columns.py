"""The SQL of a list row's risk: shared by the board and the episode lists. Apart from the
contacts repository so that the board's first read imports no contact or episode models."""

from __future__ import annotations


def risk_columns_sql(call: str, episode: str) -> str:
    """Select-list columns for ``domain.risk_summary.columns_risk``: the call's screens at
    intake and the episode's latest re-assessment of each risk (through the contacts_episode
    index). ``episode`` may be NULL (a call without an episode)."""
    latest = (f"FROM contacts k WHERE k.episode_id = {episode} AND k.{{column}} IS NOT NULL "
              "ORDER BY k.at DESC LIMIT 1")
    return (f"{call}.received_at AS risk_intake_at, {call}.cssrs AS risk_intake_cssrs, "
            f"{call}.risk_level AS risk_intake_self, "
            f"{call}.risk_others AS risk_intake_others_answers, "
            f"{call}.others_level AS risk_intake_others, "
            "(SELECT json_object('level', k.risk_level, 'cssrs', json(k.cssrs), 'at', k.at) "
            f"{latest.format(column='risk_level')}) AS risk_latest_self, "
            "(SELECT json_object('level', k.others_level, 'answers', json(k.risk_others), "
            f"'at', k.at) {latest.format(column='others_level')}) AS risk_latest_others")
