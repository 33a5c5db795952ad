"""The report's appendix: one sentence per figure, and how small counts are protected."""

from __future__ import annotations

from mrss_tui.reports.model import Definition
from mrss_tui.reports.scene import DEFINITIONS as SCENE_DEFINITIONS

DEFINITIONS: list[tuple[str, str]] = [
    ("Calls", "Every call received from local midnight of the period's first day (a Monday "
              "for a week) to local midnight after its last day, whatever its outcome."),
    ("Calls by line", "Calls counted by the line they came in on (988, 2-1-1, 911, direct, "
                      "walk-in, other)."),
    ("Calls by age band", "Calls counted by the age band of the person in crisis on the day of "
                          "the call (child 0-11, youth 12-17, young adult 18-25, adult 26+; for "
                          "programs serving adults 18-25, 26-64 and 65+)."),
    ("Response by county", "For months and longer periods, per county of the call: calls with "
                           "a team arrival, the share of them within target and the median "
                           "response time (shown under the same rules as the whole)."),
    ("Persons served", "Distinct persons the calls of the period were about, among those linked to "
                       "a person record (unnamed callers are not counted)."),
    ("Calls by who called", "Calls counted by the caller's relation to the person, grouped: parent "
                            "or family, school, self, police, medical, other, not recorded."),
    ("Face-to-face responses", "Episodes whose first face-to-face response fell in the period "
                               "(one figure: the on-scene outcomes add up to it)."),
    ("Safety plan within 24 hours", "Face-to-face responses of the period with a crisis safety "
                                    "plan written within 24 hours of it; the share is of all "
                                    "face-to-face responses."),
    ("Share with a safety plan within 24 hours", "Safety plans within 24 hours divided by "
                                                 "face-to-face responses."),
    ("Follow-up within 24 hours", "Face-to-face responses of the period followed by a follow-up "
                                  "done within 24 hours after it."),
    ("Share with a follow-up within 24 hours", "Follow-ups within 24 hours divided by "
                                               "face-to-face responses."),
    ("Repeat episodes within 30 days", "Episodes opened in the period for a person who had "
                                       "another episode opened in the 30 days before."),
    ("Repeat episodes within 90 days", "The same within 90 days (it includes those within 30)."),
    ("Contacts", "Successful contacts (services delivered) during the period, by mode."),
    ("Minutes of service", "Minutes of the successful contacts of the period, hidden with the "
                           "count of contacts they belong to."),
    ("Calls by county", "Calls counted by the county of the place the call was about."),
    ("Calls by triage decision", "Calls counted by the coordinator's triage decision; calls "
                                 "still open have none yet."),
    ("Calls by risk to self (C-SSRS)", "Calls counted by the C-SSRS screener risk level; a "
                                       "screener with an unknown answer (below HIGH) counts as "
                                       "incomplete; calls not screened have none."),
    ("Dispatches", "Teams sent (and not cancelled) for the calls of the period; a call may have "
                   "more than one."),
    ("Calls with a mobile response", "Calls of the period for which a team was dispatched and "
                                     "not cancelled."),
    ("Share arriving within target, last 13 weeks", "Arrivals within target over the 13 weeks "
                                                    "ending with this one divided by their "
                                                    "arrivals: a whole percentage with that "
                                                    "denominator where each of the 13 weeks "
                                                    "shows its arrivals, otherwise to the "
                                                    "nearest 5% (≈) and only when more than N "
                                                    "arrived within, more than N late and 5% "
                                                    "of the arrivals is more than N."),
    ("Share of calls with a mobile response", "Calls with a mobile response divided by all "
                                              "calls of the period."),
    ("Calls with a team arrival", "Calls of the period where a team arrived in person, the base of "
                                  "the response times."),
    ("Response time, median", "The middle time from a call being received to the first team "
                              "arriving, over calls with a team arrival, in whole minutes "
                              "(half a minute rounds up), published only when more than the "
                              "threshold of arrivals lie on each side of it."),
    ("Response time, 90th percentile", "The time within which 90% of arrivals happened "
                                       "(nearest rank), over calls with a team arrival, published "
                                       "only when more than the threshold of arrivals were "
                                       "slower than it (otherwise it tells how few were)."),
    ("Arrivals within target", "Calls with a team arrival whose response time was at or under "
                               "the program's target."),
    ("Share arriving within target", "Arrivals within target divided by calls with a team "
                                     "arrival."),
    ("Law-enforcement co-responses", "Dispatches on which law enforcement went with the team; "
                                     "its share is of all dispatches."),
    ("Share of dispatches with law enforcement", "Law-enforcement co-responses divided by "
                                                 "dispatches."),
    ("Episodes opened", "Crisis episodes opened during the period."),
    ("Open episodes, daily average", "Episode-days of the period divided by its days: the "
                                     "average number of episodes open, by the phase they were "
                                     "in, from the phase history (a count at the period's end "
                                     "would, with the last period's and the episodes opened, give "
                                     "back the episodes closed)."),
    ("Episodes closed", "Closings during the period, by closing disposition, from the phase "
                        "history: an episode reopened later still counts as closed then."),
    ("Share remained at home or in the community", "Episodes closed with the disposition "
                                                   "'remained at home/community' divided by all "
                                                   "episodes closed in the period."),
    ("Closed after stabilization", "Episodes closed during the period that had a stabilization "
                                   "phase, the base of its median length."),
    ("Median length of stabilization", "The middle number of days from the start of "
                                        "stabilization to closing, over episodes closed after "
                                        "stabilization."),
    ("Follow-ups due", "Follow-ups whose due time fell in the period."),
    ("Follow-ups done on time", "Follow-ups due in the period that were done at or before their "
                                "due time."),
    ("Share of follow-ups done on time", "Follow-ups done on time divided by follow-ups due."),
    ("Alerts raised", "Alerts the app raised during the period (overdue follow-ups, late teams, "
                      "failed pages and others), by kind."),
    ("Referrals made", "Referrals created during the period, by directory category."),
    ("Referrals connected", "Referrals made in the period that were marked connected by the time "
                            "the report was made."),
    ("Share of referrals connected", "Referrals connected divided by referrals made."),
]


SUPPRESSION = [
    ("Kinds of figure", "Service measures describe the team: calls with a mobile response, "
                        "arrivals, arrivals within target, safety plans and follow-ups within "
                        "24 hours (and per county), published exactly with their share as a "
                        "whole percentage (half up) wherever their denominator is above N; "
                        "every other count is a person figure (who called, age band, "
                        "county, risk, triage, on-scene outcome such as ED, hold, arrest or "
                        "transport, episodes, referrals) and is protected as below; a share of "
                        "a hidden person figure is given only rounded, where that gives "
                        "nothing back."),
    ("Small counts", "A count from 1 to the threshold is shown as the range 1-N, which is true "
                     "of it; zero is shown, and every category is listed, zeros included."),
    ("Suppressed", "A figure marked 'suppressed' is hidden only so that a small count elsewhere "
                   "cannot be worked out, or is a share or time built on a hidden count or on "
                   "too few values; it says nothing about its size."),
    ("How hidden counts stay hidden", "Every sum that holds by definition (a breakdown and its "
                                      "total, a count and the rest of its whole, such as calls "
                                      "without a response or late arrivals) is checked as an "
                                      "attacker would, with the hidden counts between 1 and N, "
                                      "and more cells are hidden until no small count can be "
                                      "narrowed to fewer than three values."),
    ("Percentiles", "A median or 90th percentile is shown only when more than N values lie on "
                    "each side of it."),
    ("Quarters and years", "A quarter is the sum of its months and a year of its quarters, so a "
                           "count hidden in a month is hidden in its quarter too; its share is "
                           "then still given, as a whole percentage (a base of 300 or more) or to "
                           "the nearest 5% (marked ≈), never precise enough to give it back; the "
                           "same holds for a share whose count is hidden to protect another."),
    ("Revisions", "A period published before is re-run with its first publication in view: "
                  "a figure whose text is unchanged is taken to be unchanged, the changes add "
                  "up as the counts do, and more is hidden until the two together give no "
                  "small count back."),
    ("Neighbouring periods", "Episodes are counted from the phase history as it stood, and the "
                             "open caseload as a daily average rather than a count at the "
                             "period's end, so that two periods cannot be combined into a "
                             "hidden count of closings."),
]


def definitions(trend_length: int, unit: str, benchmarks: tuple[str, str]) -> list[Definition]:
    """``benchmarks``: the program's own benchmark sentence (reports/benchmarks.py)."""
    trend = (f"{trend_length}-{unit} trend",
             f"Calls, calls with a mobile response and the share arriving within target for "
             f"each of the {trend_length} {unit}s ending with this one, defined as above.")
    return [Definition(name=n, sentence=s)
            for n, s in [*DEFINITIONS, benchmarks, *SCENE_DEFINITIONS, trend, *SUPPRESSION]]
