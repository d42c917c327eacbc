"""The measures of what became of those hired (issue 27), as a part of `Bench`
(`benchmarks/run.py`), on the *large* warehouse with ten years of cohorts:

- `utfall_ms`: what `python -m pipelines utfall --year Y --json` does after start-up: the query
  (`queries.outcomes.outcomes`, its own read-only connection) and the JSON, for the year three
  years back (every point of it reached). Target 300 ms.
- `utfall_present_ms`: the page *Uppföljning* is not in this tree, so its work is measured
  without Streamlit: the same query and every Swedish table and sentence of
  `present.outcomes`, and Kolada's comparison (`present.outcomes_comparison`). Target 300 ms
  (the page's warm target; the app's cache would serve a warm page without the query).
"""

from __future__ import annotations

import json
import statistics

from benchmarks.common import Result, environment, timed

NAMES = ("utfall_ms", "utfall_present_ms")
TARGET_MS = 300


def _cli(year: int) -> None:
    from pipelines.queries.outcomes import outcomes

    json.dumps(outcomes(year).as_json(), ensure_ascii=False)


def _present(year: int) -> None:
    from pipelines.present import outcomes as words
    from pipelines.present.outcomes_comparison import kolada_comparison_table
    from pipelines.queries.outcomes import outcomes
    from pipelines.queries.outcomes_comparison import kolada_outcome_figures

    result = outcomes(year)
    names = {kod: kod for kod in result.per_forvaltning}
    words.points_table(result.uppfoljningar)
    words.forvaltning_table(result, names)
    words.missing_table(result.saknas, names)
    [words.point_sentence(p) for p in result.uppfoljningar]
    kolada_comparison_table(result, kolada_outcome_figures(), "Egen kommun")


class OutcomeMeasures:
    """Mixed into `Bench`, which provides `o`, `wanted`, `add`, `deliveries` and `db`."""

    def outcomes_measures(self) -> None:
        if not self.wanted(*NAMES):
            return
        d, db = self.deliveries("large"), self.db("large")
        with environment(db, d.reference_dir, self.o.today):
            from pipelines import warehouse
            from pipelines.queries.outcomes import outcomes

            with warehouse.read(db) as con:
                first = warehouse.one(con, "select min(ar) from mart_hires_month_forvaltning")[0]
            year = max(self.o.today.year - 3, int(first))  # a quick run has two years

            result = outcomes(year)
            rows = sum(p.rapporterade > 0 for ps in result.per_forvaltning.values() for p in ps)
            note = (
                f"large warehouse, cohorts {year}: {len(result.per_forvaltning)} förvaltningar, "
                f"{rows} reported points, {len(result.saknas)} missing"
            )
            for name, func in (("utfall_ms", _cli), ("utfall_present_ms", _present)):
                if not self.wanted(name):
                    continue
                func(year)  # the first call imports and warms DuckDB's catalogue
                times = [timed(lambda f=func: f(year)) * 1000 for _ in range(self.o.sizes.runs)]
                self.add(Result(name, statistics.median(times), "ms", TARGET_MS, "lower", note))
