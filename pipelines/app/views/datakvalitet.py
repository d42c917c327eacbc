"""The Datakvalitet page's views: a year's deliveries, checks and corrections, the ingest log,
Socialstyrelsen's deviations, the release ledger, a figure's versions, an ingest's messages and
the audit trail (which the page shows only to the roles that may see it)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import pandas as pd

from pipelines.app.cache import view
from pipelines.ingest.preview_text import escape_markdown
from pipelines.present import goal_tables, quality_tables
from pipelines.present.audit_table import audit_table
from pipelines.present.comparison import anomalies_table
from pipelines.present.release_table import release_table
from pipelines.queries import quality, quality_checks, quality_revisions
from pipelines.queries.audit import audit_trail
from pipelines.queries.comparison import anomalies as comparison_anomalies
from pipelines.queries.delivery import missing_deliveries as overdue_deliveries
from pipelines.queries.release import release_list


@dataclass(frozen=True)
class Year:
    last: date  # the latest complete month
    missing: int  # deliveries missing for `last`
    missing_table: pd.DataFrame | None
    checks: int
    checks_table: pd.DataFrame | None
    corrected: int  # slices whose content a later delivery changed
    corrections_table: pd.DataFrame | None
    rejected: int  # files with errors
    overdue: int
    overdue_table: pd.DataFrame | None
    completeness: pd.DataFrame
    forvaltning_legend: str
    forvaltning_choices: dict
    history_table: pd.DataFrame | None
    message_choices: dict
    anomalies_table: pd.DataFrame | None


@view
def year_view(year: int) -> Year:
    """What Datakvalitet shows of `year` that is the same for every visitor."""
    last = quality.last_complete_month()
    missing = quality.missing_deliveries(last)
    checks = quality_checks.quality_checks(year)
    fixes = quality_revisions.corrections(year)
    overdue = overdue_deliveries()
    hires = quality.completeness(year, last)
    matrix = quality_tables.completeness_table(hires, quality.forsorjningsstod_months(year, last))
    history = quality.ingest_history()
    deviations = comparison_anomalies()
    return Year(
        last=last,
        missing=len(missing),
        missing_table=None if missing.empty else quality_tables.missing_table(missing),
        checks=len(checks),
        checks_table=None if checks.empty else quality_tables.checks_table(checks),
        corrected=quality_revisions.changed_count(fixes),
        corrections_table=None if fixes.empty else quality_tables.corrections_table(fixes),
        rejected=quality.ingest_counts()["avvisad"],
        overdue=len(overdue),
        overdue_table=goal_tables.missing_deliveries_display(overdue) if overdue else None,
        completeness=matrix.reset_index(),
        forvaltning_legend=escape_markdown(quality_tables.forvaltning_legend(hires)),
        forvaltning_choices=quality_tables.forvaltning_choices(hires),
        history_table=None if history.empty else quality_tables.ingest_history_table(history),
        message_choices={} if history.empty else quality_tables.message_choices(history),
        anomalies_table=None if deviations.empty else anomalies_table(deviations),
    )


@view
def releases(who: bool) -> pd.DataFrame | None:
    """The release ledger as a table (`who`: with who released; None when nothing is)."""
    released = release_list()
    return None if released.empty else release_table(released, who=who)


@view
def revisions(kind: str, month: date, forvaltning: str | None) -> pd.DataFrame:
    """Every delivered version of a figure (`kind`: `quality_revisions.REVISION_KINDS`)."""
    return quality_tables.revision_table(
        quality_revisions.revision_history(kind, month, forvaltning), kind
    )


@view
def messages(ingest_id: int) -> pd.DataFrame:
    """The errors and warnings of one ingest."""
    return quality_tables.messages_table(quality.ingest_messages(ingest_id))


@view
def audit() -> pd.DataFrame | None:
    """The audit trail as a table (None when nothing is logged). The page shows it only to the
    roles that may see it."""
    trail = audit_trail()
    return None if trail.empty else audit_table(trail)
