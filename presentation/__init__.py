"""What the pages and the report show, described without Streamlit: topics, charts, Danish formatting, the pages."""
