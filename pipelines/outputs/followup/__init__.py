"""The yearly follow-up package for the social hållbarhet report: collect the figures
(`collect`), draw the charts (`goal_charts`, `fs_charts`), write the ZIP (`package`) and the Word
document (`docx`); `command` is the CLI's `export`."""
