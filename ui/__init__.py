"""The Streamlit shell around the pages: the page frame, filters, widgets, caches and the upload guard."""
