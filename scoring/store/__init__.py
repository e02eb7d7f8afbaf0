"""Persistence, accounts and roles, the office review workflow and the park registry.

Every function that reads or changes stored data takes a SQLAlchemy ``Session`` and the acting user (an
``actors.Actor``, from ``auth.login``) and enforces what that user may see (``access``); the caller owns the
transaction (``db.session_scope``). Errors meant for users are ``errors.StoreError`` subclasses with Chinese
messages. This package never imports streamlit.

Modules, one job each:
``db`` engine, sessions, migrations · ``models`` tables · ``audit`` hash-chained log · ``crypto`` evidence key and
AES-GCM · ``filetypes`` allowed evidence types · ``auth`` accounts and log-in · ``access`` who may see what ·
``directory`` offices, parks, organisations · ``submissions`` self-assessments and the reviewer's table ·
``evidence`` upload and download · ``workflow`` submission states · ``scores`` self and final scores ·
``review`` per-item decisions · ``locking`` optimistic locking · ``settings`` pass lines and quotas ·
``ranking`` ranking and selection · ``importer`` batch import · ``registry`` park registry and district view ·
``exports`` xlsx/docx · ``plan`` figures from the district plan · ``messages`` Chinese text.
"""
