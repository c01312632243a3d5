"""The team's own work per site and quarter: conversations, group sessions, company contacts and mentors.

Seed projects steer by what the team does as much as by outcomes, and react at once when, say, the number of
company placements drops. The counts are reported per site and quarter (the project leader's own tally), and
a quarter is compared with the one before only when every chosen site has reported it.
"""

import pandas as pd

from metrics.changes import marked_changes
from metrics.frames import ProgrammeFrames
from metrics.quarters import previous_quarter

# Each measure once: the frame's column -> (Danish label, what the project leader counts).
# The measures that count persons (the others count conversations, sessions or companies): disclosure control
# applies to them.
PERSON_MEASURES = frozenset({"group_participants", "job_centre_mentors", "company_mentors"})
ACTIVITY_MEASURES: dict[str, tuple[str, str]] = {
    "individual_conversations": ("Individuelle samtaler", "Samtaler med én borger (eller familie) i kvartalet."),
    "group_sessions": ("Holdgange", "Gange et hold (aktivitetshold, gruppeforløb) har mødtes i kvartalet."),
    "group_participants": ("Deltagere på hold", "Forskellige borgere, der har deltaget på et hold i kvartalet."),
    "company_contacts": ("Virksomhedskontakter", "Besøg og kontakter med virksomheder i kvartalet."),
    "new_companies": ("Nye virksomheder", "Virksomheder, projektet ikke har samarbejdet med før, kontaktet i "
                                          "kvartalet."),
    "companies_with_citizens": ("Virksomheder med borgere", "Virksomheder med mindst én borger i praktik, "
                                                            "løntilskud, småjob eller job ved kvartalets udgang."),
    "job_centre_mentors": ("Jobcentermentorer", "Borgere med en mentor fra jobcentret ved kvartalets udgang."),
    "company_mentors": ("Virksomhedsmentorer", "Borgere med en mentor på arbejdspladsen ved kvartalets udgang."),
}


def activities_by_quarter(frames: ProgrammeFrames, quarters: list[str]) -> pd.DataFrame:
    """Per quarter (every quarter asked for, 0 where nothing was reported), each measure summed over the
    sites in the frames, and ``sites``: how many sites reported their activities."""
    activities = frames.activities[frames.activities["quarter"].isin(quarters)]
    sums = activities.groupby("quarter")[list(ACTIVITY_MEASURES)].sum().reindex(quarters, fill_value=0)
    sums["sites"] = activities.groupby("quarter")["site_id"].nunique().reindex(quarters, fill_value=0)
    return sums.astype(int).reset_index(names="quarter")


def activity_alerts(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Measures that moved markedly since the quarter before (a drop in company contacts is a reason to find
    out why at once); the caller makes sure both quarters are complete for the sites in view. Only sites that
    reported activities in both quarters count, so a site that starts reporting is no rise."""
    before = previous_quarter(quarter)
    activities = frames.activities[frames.activities["quarter"].isin([before, quarter])]
    both = activities.groupby("site_id")["quarter"].nunique()
    activities = activities[activities["site_id"].isin(both[both == 2].index)]
    sums = activities.groupby("quarter")[list(ACTIVITY_MEASURES)].sum()
    if before not in sums.index or quarter not in sums.index:
        return pd.DataFrame(columns=["measure", "label", "before", "now", "change"])
    marked = marked_changes(sums.loc[before], sums.loc[quarter])
    marked["label"] = [ACTIVITY_MEASURES[measure][0] for measure in marked.index]
    return marked.reset_index(names="measure")[["measure", "label", "before", "now", "change"]]


def new_companies_since_start(frames: ProgrammeFrames, quarter: str) -> int:
    """New companies reported in every quarter up to ``quarter``: the figure a delmål on companies counts."""
    activities = frames.activities
    return int(activities.loc[activities["quarter"] <= quarter, "new_companies"].sum())
