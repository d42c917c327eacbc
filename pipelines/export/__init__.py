"""Exports for the yearly follow-up of the program för social hållbarhet: charts as images
(`render`, `style`), the ZIP package and the Word document (`package`, `docx`), with disclosure
control (`pipelines.disclosure`) and formula-safe tables (`pipelines.safe_io`)."""
