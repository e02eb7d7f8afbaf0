"""The web server: ``streamlit run serve.py`` (what ``scripts/start.sh`` runs).

The Streamlit app (``app.py``) plus the two routes that set and clear the HttpOnly sign-in cookie
(``app_pages/common/auth_routes.py``). ``streamlit run`` finds the ASGI ``app`` here and serves it with uvicorn.
"""

import streamlit as st

from app_pages.common.auth_routes import ROUTES

app = st.App("app.py", routes=ROUTES)
