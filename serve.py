"""The web server: ``streamlit run serve.py`` (what ``scripts/start.sh`` runs).

The Streamlit app (``app.py``) plus the two routes that set and clear the HttpOnly sign-in cookie
(``app_pages/common/auth_routes.py``) and the middleware that binds each Streamlit session to its browser
(``app_pages/common/browser_binding.py``). ``streamlit run`` finds the ASGI ``app`` here and serves it with uvicorn.
"""

import streamlit as st
from starlette.middleware import Middleware
from streamlit import config

from app_pages.common.auth_routes import ROUTES
from app_pages.common.browser_binding import BrowserBinding, trusted_headers

config.set_option("server.trustedUserHeaders", trusted_headers(), where_defined="serve.py")
app = st.App("app.py", routes=ROUTES, middleware=[Middleware(BrowserBinding)])
