"""Outputs: the files the product writes. One formula-safe workbook writer (`workbook`), one chart
renderer (`render`), the monthly report (`report/`), the follow-up package (`followup/`), the
input templates (`templates`)."""
