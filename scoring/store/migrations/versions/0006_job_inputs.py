"""Background batch imports: the uploaded zip kept for the worker as encrypted pieces (``job_inputs``), and the
office a job is done for (``jobs.office_id``), so an office's reviewers see its import jobs.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('office_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_jobs_office_id_offices'), 'offices', ['office_id'], ['id'])
        batch_op.create_index('ix_jobs_office_id_kind', ['office_id', 'kind', 'id'], unique=False)
    op.create_table('job_inputs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('job_id', sa.Integer(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('nonce', sa.LargeBinary(length=12), nullable=False),
    sa.Column('ciphertext', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['job_id'], ['jobs.id'], name=op.f('fk_job_inputs_job_id_jobs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_inputs')),
    sa.UniqueConstraint('job_id', 'seq', name=op.f('uq_job_inputs_job_id'))
    )
    with op.batch_alter_table('job_inputs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_inputs_job_id'), ['job_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('job_inputs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_inputs_job_id'))
    op.drop_table('job_inputs')
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index('ix_jobs_office_id_kind')
        batch_op.drop_constraint(batch_op.f('fk_jobs_office_id_offices'), type_='foreignkey')
        batch_op.drop_column('office_id')
