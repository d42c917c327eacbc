"""Domain rules, pure (no I/O, no database, no Streamlit): the forecast model and status, the
split of the municipality's target over förvaltningar, and disclosure control."""
