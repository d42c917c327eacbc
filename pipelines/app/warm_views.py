"""The calls of the default views whose arguments come from the data itself, recomputed after a
change with the cache's warm-up (`pipelines.app.cache.warm`): a month's upload adds a newest
month, so Månadsrapport and Översikt ask for that month's report, which no earlier visitor asked
for and which the remembered calls therefore miss. Only queries (`@query`) are called: each goes
through the cache under the new warehouse version.
"""

from __future__ import annotations

from pipelines.queries.approval import approvals_for, corrections_since, last_approved_before
from pipelines.queries.report import monthly_report, report_months


def warm_default_views() -> None:
    """The newest month's report (Månadsrapport's default month, Översikt's "since the last
    approved month") and what goes with it: its approvals and the corrections since the last
    approved month."""
    months = report_months()
    if not months:
        return
    month = months[0]
    monthly_report(month)
    approvals_for(month)
    baseline = last_approved_before(month)
    if baseline is not None:
        corrections_since(baseline.approved_at, baseline.month)
