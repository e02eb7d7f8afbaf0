"""Sign-in sessions bound to a browser cookie, one-time sign-in tickets, and log-in throttling per user name and
source.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('signin_sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_signin_sessions_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signin_sessions')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_signin_sessions_token_hash'))
    )
    op.create_index(op.f('ix_signin_sessions_user_id'), 'signin_sessions', ['user_id'], unique=False)
    op.create_table('signin_tickets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_signin_tickets_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_signin_tickets')),
    sa.UniqueConstraint('ticket_hash', name=op.f('uq_signin_tickets_ticket_hash'))
    )
    op.create_index(op.f('ix_signin_tickets_user_id'), 'signin_tickets', ['user_id'], unique=False)
    op.create_table('login_throttles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('source', sa.String(length=64), nullable=False),
    sa.Column('window_start', sa.DateTime(), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('blocks', sa.Integer(), nullable=False),
    sa.Column('blocked_until', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_throttles')),
    sa.UniqueConstraint('username', 'source', name=op.f('uq_login_throttles_username'))
    )
    op.create_index(op.f('ix_login_throttles_username'), 'login_throttles', ['username'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_login_throttles_username'), table_name='login_throttles')
    op.drop_table('login_throttles')
    op.drop_index(op.f('ix_signin_tickets_user_id'), table_name='signin_tickets')
    op.drop_table('signin_tickets')
    op.drop_index(op.f('ix_signin_sessions_user_id'), table_name='signin_sessions')
    op.drop_table('signin_sessions')
