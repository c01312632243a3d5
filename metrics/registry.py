"""Every indicator, defined once: key, Danish label, numerator, denominator, unit.

Pages, the overview and exports look indicators up here, so the same key
always gives the same number.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pandas as pd

from metrics import indicators
from metrics.activities import new_companies_since_start
from metrics.frames import ProgrammeFrames
from metrics.goal_rules import count_by_rule, rule_of
from metrics.indicators import IndicatorValue
from metrics.progression import moved_closer_persons
from metrics.quarters import quarter_of
from metrics.retention import HEADLINE_MONTHS, retained_persons
from metrics.small_jobs import more_hours_persons, to_ordinary_persons
from metrics.staff import distinct_staff_pairs

UNITS = {"count": "antal", "points": "point"}

# The pages (and report slides) an indicator belongs to: its commentary is shown there.
TOPICS: dict[str, str] = {
    "overblik": "Overblik",
    "delmaal": "Delmål",
    "resultater": "Resultater",
    "medarbejderkombinationer": "Medarbejderkombinationer",
    "trivsel": "Trivsel",
    "progression": "Progression og fastholdelse",
    "aktiviteter": "Aktiviteter og småjob",
}


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    numerator: str
    denominator: str | None
    unit: str
    compute: Callable[[ProgrammeFrames, str], IndicatorValue]
    topic: str
    decimals: int = 0
    # False for a count of things that are not persons (delmål): never hidden outside the project group.
    counts_persons: bool = True

    def hidden_in(self, selection, figure: IndicatorValue) -> bool:
        """Whether the figure is withheld in this selection (a ``Selection``): outside the project group, a mean
        of fewer than 5 persons, or a count of 1-4 persons."""
        if self.unit == "points":
            return selection.too_few(figure.denominator or 0)
        return self.counts_persons and selection.hidden(figure.value)

    def value_in(self, frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
        """The indicator in the quarter, computed once for these frames (targets, key figures and
        trajectories ask for the same values)."""
        return frames.once(self.compute, quarter)

    @property
    def definition(self) -> str:
        return self.numerator + (f". Ud af: {self.denominator}." if self.denominator else ".")


def subgoals_met(frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
    status = project_target_status(frames, quarter)
    with_goal = status[status["met"].notna()]
    met = int(with_goal["met"].astype(bool).sum())
    return IndicatorValue(float(met), numerator=float(met), denominator=len(with_goal))


def persons_out_of(counted: Callable[[ProgrammeFrames, str], tuple[int, int]]) -> Callable:
    """An indicator from a metric that gives (persons counted, out of how many): a count with its base."""
    def compute(frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
        persons, base = frames.once(counted, quarter)
        return IndicatorValue(float(persons), numerator=float(persons), denominator=base)

    return compute


def new_companies(frames: ProgrammeFrames, quarter: str) -> IndicatorValue:
    return IndicatorValue(float(new_companies_since_start(frames, quarter)))


def project_target_status(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    """Each project target with its actual value in the quarter and whether it is met (read-only).

    A target is measured on its own project's sites only, whatever else is selected,
    and a passed deadline is judged on the value in the deadline's quarter.
    """
    return frames.once(_project_target_status, quarter)


def target_value_in(frames: ProgrammeFrames, target, quarter: str) -> tuple[float | None, int | None]:
    """A project target's figure in the quarter on its own project's sites, and its "heraf" part (None
    without one): the project's own counting rule where it has one, else its fixed indicator."""
    own_sites = frames.sites.loc[frames.sites["project_id"] == target.project_id, "site_id"].tolist()
    scoped = frames.for_sites(own_sites)
    rule = rule_of(target)
    if rule is None:
        return INDICATORS[target.indicator_key].value_in(scoped, quarter).value, None
    counted = scoped.once(count_by_rule_in, rule, quarter)
    return float(counted.value), counted.part


def count_by_rule_in(frames: ProgrammeFrames, rule, quarter: str):
    """A delmål's counting rule over these frames in the quarter."""
    return count_by_rule(frames.statuses, frames.exits, rule, quarter)


def _project_target_status(frames: ProgrammeFrames, quarter: str) -> pd.DataFrame:
    rows = []
    for target in frames.project_targets.itertuples(index=False):
        actual, part = target_value_in(frames, target, quarter)
        own_sites = frames.sites.loc[frames.sites["project_id"] == target.project_id, "site_id"].tolist()
        # A quarter some of the project's sites have not reported yet gets no verdict.
        waiting = bool(frames.sites_missing(own_sites, quarter))
        has_goal = target.target_value is not None and not pd.isna(target.target_value)
        has_deadline = target.deadline is not None and not pd.isna(target.deadline)
        # A target whose deadline has passed is met only if it was reached by the deadline.
        judged = min(quarter, quarter_of(pd.Timestamp(target.deadline).date())) if has_deadline else quarter
        judged_value, _ = target_value_in(frames, target, judged) if judged != quarter else (actual, part)
        project_names = frames.sites.loc[frames.sites["project_id"] == target.project_id, "project_name"]
        # A fixed indicator out of a base ("47 af 50 med kendt status") is shown with it.
        base = None
        if rule_of(target) is None and INDICATORS[target.indicator_key].denominator is not None:
            own_sites = frames.sites.loc[frames.sites["project_id"] == target.project_id, "site_id"].tolist()
            base = INDICATORS[target.indicator_key].value_in(frames.for_sites(own_sites), quarter).denominator
        rows.append({
            "target_id": target.target_id,
            "project_name": project_names.iloc[0] if len(project_names) else "",
            "label": target.label,
            "indicator_key": target.indicator_key,
            "target_value": float(target.target_value) if has_goal else None,
            "deadline": target.deadline if has_deadline else None,
            "actual": actual,
            "part": part,
            "part_label": target.part_label if part is not None else None,
            # None: a delmål followed without a number to reach.
            "met": (judged_value is not None and judged_value >= target.target_value)
            if has_goal and not (waiting and judged == quarter) else None,
            "waiting": waiting,
            "is_headline": bool(target.is_headline) if not pd.isna(target.is_headline) else False,
            "base": base,
        })
    columns = ["target_id", "project_name", "label", "indicator_key", "target_value", "deadline", "actual", "part",
               "part_label", "met", "is_headline", "waiting", "base"]
    return pd.DataFrame(rows, columns=columns)


_DEFINITIONS = [
    Indicator(
        key="active_persons",
        label="Aktive borgere",
        numerator="Borgere hvis forløb overlapper kvartalet",
        denominator=None,
        unit="count",
        compute=indicators.active_persons,
        topic="overblik",
    ),
    Indicator(
        key="active_families",
        label="Aktive familier",
        numerator="Familier med mindst én aktiv borger i kvartalet",
        denominator=None,
        unit="count",
        compute=indicators.active_families,
        topic="overblik",
    ),
    Indicator(
        key="in_job_or_education",
        label="I job eller uddannelse",
        numerator="Borgere med status i kategorigruppen job eller uddannelse ved kvartalets udgang",
        denominator="Borgere med en status i kvartalet (voksne og unge)",
        unit="count",
        compute=indicators.in_job_or_education,
        topic="resultater",
    ),
    Indicator(
        key="newly_in_job_or_education",
        label="Nye i job eller uddannelse",
        numerator="Borgere i job eller uddannelse ved kvartalets udgang, som ikke var det kvartalet før",
        denominator="Borgere i job eller uddannelse ved kvartalets udgang",
        unit="count",
        compute=indicators.newly_in_job_or_education,
        topic="resultater",
    ),
    Indicator(
        key="in_company_based",
        label="I virksomhedsrettet tilbud",
        numerator="Borgere i virksomhedspraktik eller løntilskud ved kvartalets udgang",
        denominator="Borgere med en status i kvartalet (voksne og unge)",
        unit="count",
        compute=indicators.in_company_based,
        topic="resultater",
    ),
    Indicator(
        key="clarified",
        label="Afklaret",
        numerator="Borgere afklaret i rehabiliteringsteam eller med varig ydelse",
        denominator="Borgere med en status i kvartalet (voksne og unge)",
        unit="count",
        compute=indicators.clarified,
        topic="resultater",
    ),
    Indicator(
        key="subgoals_met",
        label="Projektmål nået",
        numerator="Projektmål hvor kvartalets værdi er på eller over målet",
        denominator="Projektmål med et måltal (og alle projektets steder indberettet)",
        unit="count",
        compute=subgoals_met,
        topic="delmaal",
        counts_persons=False,
    ),
    Indicator(
        key="who5_mean_change",
        label="Gns. ændring i WHO-5",
        numerator="Summen af ændringer fra første til seneste WHO-5-måling",
        denominator="Borgere med mindst to WHO-5-målinger",
        unit="points",
        compute=indicators.who5_mean_change,
        topic="trivsel",
        decimals=1,
    ),
    Indicator(
        key="who5_improved",
        label="Forbedret trivsel (WHO-5 +10)",
        numerator="Borgere hvis WHO-5 steg mindst 10 point fra første til seneste måling",
        denominator="Borgere med mindst to WHO-5-målinger",
        unit="count",
        compute=indicators.who5_improved,
        topic="trivsel",
    ),
    Indicator(
        key="progression_closer",
        label="Rykket tættere på job",
        numerator="Borgere, der fra første til seneste progressionsmåling er rykket mindst en betydende ændring "
                  "tættere på job (på mindst ét af projektets måleredskaber)",
        denominator="Borgere med mindst to progressionsmålinger",
        unit="count",
        compute=persons_out_of(moved_closer_persons),
        topic="progression",
    ),
    Indicator(
        key="retained_6_months",
        label=f"I job {HEADLINE_MONTHS} måneder efter jobstart",
        numerator=f"Borgere i job ved udgangen af kvartalet {HEADLINE_MONTHS} måneder efter deres første jobstart "
                  "(status, afslutning eller opfølgning i en jobkategori)",
        denominator=f"Borgere med jobstart for mindst {HEADLINE_MONTHS} måneder siden, hvis status da er kendt",
        unit="count",
        compute=persons_out_of(retained_persons),
        topic="progression",
    ),
    Indicator(
        key="new_companies_total",
        label="Nye virksomheder siden start",
        numerator="Virksomheder, projektet ikke havde samarbejdet med før, kontaktet fra projektets start til og "
                  "med kvartalet (arket Aktiviteter)",
        denominator=None,
        unit="count",
        compute=new_companies,
        topic="aktiviteter",
    ),
    Indicator(
        key="small_job_more_hours",
        label="Småjob med flere timer",
        numerator="Borgere i småjob ved kvartalets udgang, der arbejder flere timer pr. uge end i småjobbets første "
                  "kvartal",
        denominator="Borgere i småjob ved kvartalets udgang, hvis småjob begyndte i et tidligere kvartal, med timer "
                    "i det første kvartal og nu",
        unit="count",
        compute=persons_out_of(more_hours_persons),
        topic="aktiviteter",
    ),
    Indicator(
        key="small_job_to_ordinary",
        label="Fra småjob til ordinært job",
        numerator="Borgere med status i en jobkategori uden timer (fx ordinært job) i et kvartal efter deres "
                  "første kvartal i småjob",
        denominator="Borgere, der har haft småjob",
        unit="count",
        compute=persons_out_of(to_ordinary_persons),
        topic="aktiviteter",
    ),
    Indicator(
        key="distinct_staff_pairs",
        label="Forskellige makkerpar",
        numerator="Par af to medarbejdere, der har arbejdet med samme familie på samme tid, til og med kvartalet",
        denominator=None,
        unit="count",
        compute=distinct_staff_pairs,
        topic="medarbejderkombinationer",
    ),
]

INDICATORS: dict[str, Indicator] = {indicator.key: indicator for indicator in _DEFINITIONS}
