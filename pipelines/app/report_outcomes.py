"""The Månadsrapport page's section "Vad hände med dem som anställdes" (issue 27): the same
heading, sentences, table and definitions as the report's Excel sheet and PDF section
(`pipelines.outputs.report.outcomes`)."""

from __future__ import annotations

import streamlit as st

from pipelines.app import ui
from pipelines.domain.outcomes import YearOutcomes
from pipelines.outputs.report import outcomes as section
from pipelines.present.outcomes import points_table


def page_section(result: YearOutcomes) -> None:
    st.subheader(section.heading(result))
    for line in [*section.sentences(result), *filter(None, [section.missing_sentence(result)])]:
        st.markdown(line)
    ui.number_table(
        points_table(result.uppfoljningar),
        caption=f"Uppföljning av dem som anställdes {result.ar}, efter 6, 12 och 24 månader",
    )
    st.caption(section.definitions_line())
