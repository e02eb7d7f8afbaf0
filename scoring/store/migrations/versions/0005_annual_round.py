"""The annual round: calendar, filing reopened for one organisation, eligibility confirmations, cultivation
lists, opinions with their paper copies, the meeting decision and its certificates.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 04:31:07.275605
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('cultivation_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=False),
    sa.Column('contact', sa.String(length=100), nullable=True),
    sa.Column('phone', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('key_target', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("status IN ('cultivating', 'creating', 'withdrawn')", name=op.f('ck_cultivation_entries_status')),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_cultivation_entries_office_id_offices')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_cultivation_entries_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_cultivation_entries_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cultivation_entries')),
    sa.UniqueConstraint('year', 'organisation_id', name='uq_cultivation_entries_year_organisation')
    )
    with op.batch_alter_table('cultivation_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cultivation_entries_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cultivation_entries_year'), ['year'], unique=False)

    op.create_table('filing_reopenings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('until', sa.Date(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('granted_by_id', sa.Integer(), nullable=True),
    sa.Column('granted_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['granted_by_id'], ['users.id'], name=op.f('fk_filing_reopenings_granted_by_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_filing_reopenings_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_filing_reopenings')),
    sa.UniqueConstraint('year', 'organisation_id', name='uq_filing_reopenings_year_organisation')
    )
    with op.batch_alter_table('filing_reopenings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_filing_reopenings_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('meeting_decisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('meeting_date', sa.Date(), nullable=False),
    sa.Column('decision', sa.Text(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_meeting_decisions_recorded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meeting_decisions')),
    sa.UniqueConstraint('year', name=op.f('uq_meeting_decisions_year'))
    )
    op.create_table('rounds',
    sa.Column('year', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('phases', sa.JSON(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_rounds_updated_by_id_users')),
    sa.PrimaryKeyConstraint('year', name=op.f('pk_rounds'))
    )
    op.create_table('eligibility_confirmations',
    sa.Column('submission_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('eligible', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('confirmed_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['confirmed_by_id'], ['users.id'], name=op.f('fk_eligibility_confirmations_confirmed_by_id_users')),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_eligibility_confirmations_submission_id_submissions')),
    sa.PrimaryKeyConstraint('submission_id', name=op.f('pk_eligibility_confirmations'))
    )
    op.create_table('opinions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('responsible', sa.String(length=100), nullable=False),
    sa.Column('opinion_date', sa.Date(), nullable=False),
    sa.Column('final', sa.Boolean(), nullable=False),
    sa.Column('paper_received_on', sa.Date(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('recommendation', 'acceptance')", name=op.f('ck_opinions_kind')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_opinions_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_opinions_submission_id_submissions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_opinions')),
    sa.UniqueConstraint('submission_id', 'kind', name='uq_opinions_submission_kind')
    )
    with op.batch_alter_table('opinions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_opinions_submission_id'), ['submission_id'], unique=False)

    op.create_table('decision_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('decision_id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('certificate_no', sa.String(length=50), nullable=True),
    sa.Column('awarded_on', sa.Date(), nullable=True),
    sa.Column('certification_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['certification_id'], ['certifications.id'], name=op.f('fk_decision_entries_certification_id_certifications')),
    sa.ForeignKeyConstraint(['decision_id'], ['meeting_decisions.id'], name=op.f('fk_decision_entries_decision_id_meeting_decisions')),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_decision_entries_submission_id_submissions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_decision_entries')),
    sa.UniqueConstraint('certificate_no', name=op.f('uq_decision_entries_certificate_no')),
    sa.UniqueConstraint('submission_id', name=op.f('uq_decision_entries_submission_id'))
    )
    with op.batch_alter_table('decision_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_decision_entries_decision_id'), ['decision_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('decision_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_decision_entries_decision_id'))

    op.drop_table('decision_entries')
    with op.batch_alter_table('opinions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_opinions_submission_id'))

    op.drop_table('opinions')
    op.drop_table('eligibility_confirmations')
    op.drop_table('rounds')
    op.drop_table('meeting_decisions')
    with op.batch_alter_table('filing_reopenings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_filing_reopenings_organisation_id'))

    op.drop_table('filing_reopenings')
    with op.batch_alter_table('cultivation_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cultivation_entries_year'))
        batch_op.drop_index(batch_op.f('ix_cultivation_entries_office_id'))

    op.drop_table('cultivation_entries')
