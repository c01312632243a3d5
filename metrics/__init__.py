"""Every figure of the dashboard, as pure functions of plain data (no Streamlit, no database)."""
