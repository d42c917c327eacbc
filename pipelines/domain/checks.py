"""The checks across sources (Datakvalitet's warnings): which exist and their limits. A figure
beyond a limit is unusual, not wrong; the checks warn and never stop a file."""

from __future__ import annotations

#: A förvaltning's hires (all forms) that change by more than this from the month before.
HIRES_JUMP_LIMIT = 10
#: Households with försörjningsstöd that change by more than this share from the month before.
HOUSEHOLDS_JUMP_SHARE = 0.10
#: An amount per household further than this share from the median of the previous 12 months.
AMOUNT_DEVIATION_SHARE = 0.25
#: How many of the previous 12 months the amount check needs before it says anything.
AMOUNT_MIN_HISTORY = 3

#: The checks, in the order a month lists them.
NO_HIRES, HIRES_JUMP, HOUSEHOLDS_JUMP, AMOUNT = (
    "inga_anstallningar",
    "hopp_anstallningar",
    "hopp_hushall",
    "belopp_per_hushall",
)
CHECKS = (NO_HIRES, HIRES_JUMP, HOUSEHOLDS_JUMP, AMOUNT)
