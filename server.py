"""The web server: the dashboard (``app.py``) behind the guards Streamlit's own server lacks.

``streamlit run server.py`` finds ``app`` and serves the dashboard with this middleware (see ui/upload_guard.py):
only a signed-in reporter or administrator with an upload field on screen may send a file, a session keeps
one file, and the metrics address does not answer.
"""

import streamlit as st
from starlette.middleware import Middleware

from ui.upload_guard import UploadGuard

app = st.App("app.py", middleware=[Middleware(UploadGuard)])
