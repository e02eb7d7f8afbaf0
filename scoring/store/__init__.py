"""Persistence, accounts and roles, the office review workflow and the park registry.

Every function that reads or changes stored data takes a SQLAlchemy ``Session`` and the acting user (an
``Actor``) and enforces what that user may see; the caller owns the transaction (``db.session_scope``).
This package never imports streamlit.
"""
