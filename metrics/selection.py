"""What a page, a report or a slide shows: the data limited to the chosen sites, target groups and period.

The same ``Selection`` feeds the pages, the steering-meeting report and the
presentation, so that the three cannot disagree. It holds plain data only; the
app subclasses it to cache computations across sessions.
"""

import copy
from collections.abc import Callable
from dataclasses import dataclass

from metrics.disclosure import THRESHOLD, count_hidden
from metrics.frames import ProgrammeFrames, filter_frames, reported_returns
from metrics.quarters import previous_quarter, quarter_label
from metrics.vocabulary import TARGET_GROUPS, site_label

# Up to this many chosen sites are named one by one; more are counted per project.
NAMED_SITES = 4


@dataclass(frozen=True)
class Selection:
    frames: ProgrammeFrames
    frames_all_groups: ProgrammeFrames  # the chosen sites without the target-group filter (project targets)
    quarter: str | None  # the reporting quarter: the end of the period
    quarters: list[str]  # every quarter of the period, oldest first
    site_names: list[str]
    target_group_labels: list[str]
    external: bool  # shown outside the project group: counts under the threshold are suppressed
    site_ids: tuple[int, ...]

    def compute(self, function: Callable, *args, all_groups: bool = False):
        """``function(frames, *args)`` for this selection: worked out once, a fresh copy for every caller.

        ``all_groups``: ignore the target-group filter (project targets concern everybody).
        """
        return copy.deepcopy(self.frames_of(all_groups).once(function, *args))

    def frames_of(self, all_groups: bool) -> ProgrammeFrames:
        return self.frames_all_groups if all_groups else self.frames

    def memo(self, function: Callable, *args):
        """``function(self, *args)``: a figure, card or finding for this selection (the app caches these)."""
        return function(self, *args)

    @property
    def site_names_by_id(self) -> dict[int, str]:
        return dict(zip(self.site_ids, self.site_names, strict=True))

    def hidden(self, count: float | None, base: float | None = None) -> bool:
        """True when a count of persons must be hidden here: outside the project group, 1 to 4 persons, or any
        count (0 too) of a group of 1 to 4 (``base``). The one rule of metrics/disclosure.py."""
        return self.external and count_hidden(count, base)

    def too_few(self, n: float) -> bool:
        """True when a figure built on ``n`` persons (a mean, a share, a total) must be withheld here: fewer than
        the threshold, outside the project group."""
        return self.external and n < THRESHOLD

    @property
    def has_quarter_before(self) -> bool:
        """Whether the chosen sites have figures for the quarter before the chosen one. In a project's first
        quarter there is nothing to compare with: start and now are the same quarter, and no change is told."""
        return self.quarter is not None and previous_quarter(self.quarter) in self.frames_all_groups.quarters()

    @property
    def first_quarter_note(self) -> str:
        return (f"{quarter_label(self.quarter)} er det første kvartal med tal: her står status nu. Ændringer og "
                "vejen fra start kræver to kvartaler.")

    @property
    def comparable(self) -> bool:
        """Whether the quarter is complete for the chosen sites: only then is it compared with the one before,
        and only then do alerts, arrows and verdicts speak about it."""
        return self.quarter is None or not self.frames_all_groups.sites_missing(self.site_ids, self.quarter)

    @property
    def missing_returns_note(self) -> str | None:
        """Which chosen sites have not reported the quarter yet, e.g. 'Fremskudt ... har ikke indberettet
        2026 K4 endnu; tallene for 2026 K4 dækker kun ...'. A quarter only some sites have reported has
        lower totals that must not be read as a drop. None when every site has reported."""
        if self.comparable:
            return None
        missing_ids = self.frames_all_groups.sites_missing(self.site_ids, self.quarter)
        names = self.site_names_by_id
        missing = [names[site_id] for site_id in missing_ids]
        present = [names[site_id] for site_id in self.site_ids if site_id not in missing_ids]
        quarter = quarter_label(self.quarter)
        no_comparison = (f" Derfor sammenlignes {quarter} ikke med kvartalet før, og der gives ingen vurdering af "
                         "projektmålene, før alle har indberettet.")
        if not present:
            return f"Ingen af de valgte steder har indberettet {quarter}." + no_comparison
        if len(missing) > 3:
            return (f"{len(missing)} af {len(self.site_ids)} steder har ikke indberettet {quarter} endnu "
                    f"(bl.a. {', '.join(missing[:3])}); tallene for {quarter} dækker kun de {len(present)} andre."
                    + no_comparison)
        return (f"{' og '.join(missing)} har ikke indberettet {quarter} endnu; "
                f"tallene for {quarter} dækker kun {' og '.join(present)}." + no_comparison)

    @property
    def newer_quarter_note(self) -> str | None:
        """A later quarter some chosen sites have reported already, which the view does not show yet."""
        later = [quarter for quarter in self.frames_all_groups.quarters() if self.quarter and quarter > self.quarter]
        if not later or self.frames_all_groups.sites_missing(self.site_ids, later[-1]) == []:
            return None
        returns = self.frames_all_groups.once(reported_returns)
        reported = sorted(set(returns.loc[returns["quarter"] == later[-1], "site_id"].tolist()))
        names = [self.site_names_by_id[site_id] for site_id in reported if site_id in self.site_names_by_id]
        return (f"{quarter_label(later[-1])} er indtil videre kun indberettet fra {' og '.join(names)}. Tallene "
                f"vises for {quarter_label(self.quarter)}, det seneste kvartal alle har indberettet; vælg perioden "
                f"til venstre for at se {quarter_label(later[-1])}.")

    @property
    def places(self) -> str:
        """The chosen sites by name; many sites as their projects with a count ("Landsdækkende program: 98
        steder"): a programme's 98 names would fill the page."""
        if len(self.site_ids) <= NAMED_SITES:
            return ", ".join(self.site_names) or "ingen steder valgt"
        sites = self.frames_all_groups.sites
        chosen = sites[sites["site_id"].isin(self.site_ids)]
        counts = chosen.groupby("project_name", sort=False).size()
        return ", ".join(f"{project}: {count} {'sted' if count == 1 else 'steder'}"
                         for project, count in counts.items())

    @property
    def description(self) -> str:
        places = self.places
        groups = ", ".join(self.target_group_labels) if self.target_group_labels else "alle målgrupper"
        period = (f"{quarter_label(self.quarters[0])}–{quarter_label(self.quarter)}"
                  if len(self.quarters) > 1 else quarter_label(self.quarter) if self.quarter else "intet kvartal")
        audience = f" · til brug uden for projektgruppen (tal under {THRESHOLD} skjult)" if self.external else ""
        return f"{places} · {groups} · {period}{audience}"


def selection_fields(frames: ProgrammeFrames, frames_all_groups: ProgrammeFrames, site_ids: list[int],
                     target_groups: list[str] | None, period: tuple[str, str] | None, external: bool) -> dict:
    """The fields of a ``Selection`` for these choices, given the frames limited to the sites (and target
    groups) chosen, and the same without the target-group filter.

    ``period`` is (first, last) quarter; None: every quarter with data.
    """
    site_ids = sorted(site_ids)
    quarters = frames_all_groups.quarters()
    # Unless chosen, the period ends at the latest quarter every chosen site has reported.
    complete = frames_all_groups.complete_quarters(site_ids) or quarters
    first, last = period or ((quarters[0], complete[-1]) if quarters else (None, None))
    labels = frames_all_groups.sites.set_index("site_id")
    return {
        "frames": frames,
        "frames_all_groups": frames_all_groups,
        "quarter": last,
        "quarters": [quarter for quarter in quarters if first <= quarter <= last] if quarters else [],
        "site_names": [site_label(labels.loc[site_id, "project_name"], labels.loc[site_id, "site_name"])
                       for site_id in site_ids],
        "target_group_labels": [TARGET_GROUPS[group] for group in target_groups or []],
        "external": external,
        "site_ids": tuple(site_ids),
    }


def make_selection(frames: ProgrammeFrames, site_ids: list[int] | None = None, target_groups: list[str] | None = None,
                   period: tuple[str, str] | None = None, external: bool = False) -> Selection:
    """A selection for the report and the command line; ``site_ids`` None: every site."""
    if site_ids is None:
        site_ids = frames.sites["site_id"].tolist()
    limited = filter_frames(frames, site_ids=site_ids)
    return Selection(**selection_fields(filter_frames(limited, target_groups=target_groups or None), limited,
                                        site_ids, target_groups, period, external))
