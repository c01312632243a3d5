"""A quarterly return (kvartalsindberetning) as plain rows: what a workbook, the staging feed or the demo gives,
before ``data_access.returns`` stores it."""

from dataclasses import dataclass, field

from data_access.workbook.format import RECORD_SHEETS


@dataclass
class QuarterlyReturn:
    site_id: int
    quarter: str
    families: list[str] = field(default_factory=list)
    # (person_key, family_key | None, target_group, benefit_type, start_date, end_date | None)
    persons: list[tuple] = field(default_factory=list)
    # (staff_key, profession, department)
    staff: list[tuple] = field(default_factory=list)
    # (family_key, staff_key, start_date, end_date | None)
    assignments: list[tuple] = field(default_factory=list)
    # (person_key, category_code, hours_per_week | None)
    statuses: list[tuple] = field(default_factory=list)
    # (person_key, area, status, set_on, closed_on | None)
    goals: list[tuple] = field(default_factory=list)
    # (person_key, instrument, score, measured_on)
    wellbeing: list[tuple] = field(default_factory=list)
    # (person_key, category_code, exit_on)
    exits: list[tuple] = field(default_factory=list)
    # (person_key, months_after, category_code, observed_on)
    follow_ups: list[tuple] = field(default_factory=list)
    # (person_key, instrument, item | None, score, measured_on)
    progression: list[tuple] = field(default_factory=list)
    # (person_key, contacts)
    aftercare: list[tuple] = field(default_factory=list)
    # (person_key, job_type, company_key, company_size, contact_staff_key, start_date | None)
    small_jobs: list[tuple] = field(default_factory=list)
    # at most one: (individual_conversations, group_sessions, ..., company_mentors), None where not counted
    activities: list[tuple] = field(default_factory=list)

    def row_counts(self) -> dict[str, int]:
        return {part: len(getattr(self, part)) for part in PARTS}


# A person's records (statuses, measurements, exits, ...) and a site's quarterly counts are stored as their
# sheet declares them.
PARTS = ("families", "persons", "staff", "assignments", *(sheet.part for sheet in RECORD_SHEETS))
