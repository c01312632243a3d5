"""The web server: the dashboard (``app.py``) behind the guards Streamlit's own server lacks.

``streamlit run server.py`` finds ``app`` and serves the dashboard with this middleware (see ui/server_guard.py):
only a signed-in reporter or administrator with an upload field on screen may send a file, a session keeps
one file, and the metrics address does not answer.
"""

import sys

import streamlit as st
from starlette.middleware import Middleware

from ui.server_guard import UploadGuard, secrets_streamlit_cannot_start_with

if problem := secrets_streamlit_cannot_start_with():
    sys.exit(problem)  # Streamlit's server would stop with its own traceback instead

app = st.App("app.py", middleware=[Middleware(UploadGuard)])
