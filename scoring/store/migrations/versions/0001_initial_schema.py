"""Initial schema: offices, parks, organisations, users, submissions, evidence, reviews, certifications,
service organisations, settings and the audit log.

Scores are whole numbers of half points (``HalfPoints`` in the models).

Revision ID: 0001
Revises:
Create Date: 2026-11-23
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_head',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('length', sa.Integer(), nullable=False),
    sa.Column('last_hash', sa.String(length=64), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_audit_head_single_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_head'))
    )
    # The chain starts empty: its head points at the genesis hash.
    op.execute(sa.text("INSERT INTO audit_head (id, length, last_hash) VALUES (1, 0, :genesis)")
               .bindparams(genesis="0" * 64))
    op.create_table('audit_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_name', sa.String(length=100), nullable=False),
    sa.Column('action', sa.String(length=50), nullable=False),
    sa.Column('object_type', sa.String(length=50), nullable=True),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('detail', sa.Text(), nullable=False),
    sa.Column('prev_hash', sa.String(length=64), nullable=False),
    sa.Column('row_hash', sa.String(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_log')),
    sa.UniqueConstraint('prev_hash', name=op.f('uq_audit_log_prev_hash'))
    )
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_log_action'), ['action'], unique=False)
        batch_op.create_index('ix_audit_log_object', ['object_type', 'object_id'], unique=False)

    op.create_table('offices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_offices')),
    sa.UniqueConstraint('name', name=op.f('uq_offices_name'))
    )
    op.create_table('parks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_parks_office_id_offices')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parks')),
    sa.UniqueConstraint('name', name=op.f('uq_parks_name'))
    )
    op.create_table('organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=True),
    sa.Column('category', sa.String(length=10), nullable=False),
    sa.Column('office_id', sa.Integer(), nullable=True),
    sa.Column('park_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("category IN ('zone', 'station', 'point')", name=op.f('ck_organisations_category')),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_organisations_office_id_offices')),
    sa.ForeignKeyConstraint(['park_id'], ['parks.id'], name=op.f('fk_organisations_park_id_parks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisations')),
    sa.UniqueConstraint('uscc', name=op.f('uq_organisations_uscc'))
    )
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisations_name'), ['name'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisations_office_id'), ['office_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisations_park_id'), ['park_id'], unique=False)

    op.create_table('service_organisations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('park_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('service_type', sa.String(length=100), nullable=False),
    sa.Column('uscc', sa.String(length=18), nullable=True),
    sa.ForeignKeyConstraint(['park_id'], ['parks.id'], name=op.f('fk_service_organisations_park_id_parks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_service_organisations')),
    sa.UniqueConstraint('park_id', 'name', name='uq_service_organisations_park_name')
    )
    with op.batch_alter_table('service_organisations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_service_organisations_park_id'), ['park_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('username', sa.String(length=64), nullable=False),
    sa.Column('display_name', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('office_id', sa.Integer(), nullable=True),
    sa.Column('park_id', sa.Integer(), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("role <> 'applicant' OR organisation_id IS NOT NULL", name=op.f('ck_users_applicant_organisation')),
    sa.CheckConstraint("role <> 'park_operator' OR park_id IS NOT NULL", name=op.f('ck_users_operator_park')),
    sa.CheckConstraint("role <> 'reviewer' OR office_id IS NOT NULL", name=op.f('ck_users_reviewer_office')),
    sa.CheckConstraint("role IN ('applicant', 'reviewer', 'admin', 'park_operator')", name=op.f('ck_users_role')),
    sa.ForeignKeyConstraint(['office_id'], ['offices.id'], name=op.f('fk_users_office_id_offices')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_users_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['park_id'], ['parks.id'], name=op.f('fk_users_park_id_parks')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_table('settings',
    sa.Column('key', sa.String(length=100), nullable=False),
    sa.Column('value', sa.JSON(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_settings_updated_by_id_users')),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_settings'))
    )
    op.create_table('submissions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('round', sa.Integer(), nullable=False),
    sa.Column('rubric', sa.String(length=10), nullable=False),
    sa.Column('rubric_version', sa.String(length=20), nullable=False),
    sa.Column('answers', sa.JSON(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('claimed_total', sa.Integer(), nullable=False),
    sa.Column('self_total', sa.Integer(), nullable=False),
    sa.Column('final_total', sa.Integer(), nullable=True),
    sa.Column('answered', sa.Integer(), nullable=False),
    sa.Column('item_count', sa.Integer(), nullable=False),
    sa.Column('reviewed_items', sa.Integer(), nullable=False),
    sa.Column('source_file', sa.String(length=500), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("rubric IN ('zone', 'station', 'point')", name=op.f('ck_submissions_rubric')),
    sa.CheckConstraint("status IN ('draft', 'submitted', 'changes_requested', 'reviewed', 'selected')", name=op.f('ck_submissions_status')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_submissions_created_by_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_submissions_organisation_id_organisations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_submissions')),
    sa.UniqueConstraint('organisation_id', 'round', name='uq_submissions_organisation_round')
    )
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_submissions_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index('ix_submissions_status_rubric', ['status', 'rubric'], unique=False)

    op.create_table('certifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.String(length=10), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('zone', 'station', 'point')", name=op.f('ck_certifications_kind')),
    sa.CheckConstraint("level IN ('municipal', 'district')", name=op.f('ck_certifications_level')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_certifications_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_certifications_recorded_by_id_users')),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_certifications_submission_id_submissions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_certifications')),
    sa.UniqueConstraint('organisation_id', 'level', 'kind', 'year', name='uq_certifications_site_level_kind_year')
    )
    with op.batch_alter_table('certifications', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_certifications_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('evidence_files',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=500), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("kind IN ('pdf', 'jpeg', 'png', 'docx', 'xlsx')", name=op.f('ck_evidence_files_kind')),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_evidence_files_submission_id_submissions')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_evidence_files_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence_files')),
    sa.UniqueConstraint('submission_id', 'path', name='uq_evidence_files_submission_path')
    )
    with op.batch_alter_table('evidence_files', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_files_submission_id'), ['submission_id'], unique=False)

    op.create_table('reviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.String(length=10), nullable=False),
    sa.Column('decision', sa.String(length=10), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('reason', sa.Text(), nullable=True),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("decision IN ('confirm', 'override')", name=op.f('ck_reviews_decision')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'], name=op.f('fk_reviews_reviewer_id_users')),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_reviews_submission_id_submissions')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_reviews')),
    sa.UniqueConstraint('submission_id', 'item_id', name='uq_reviews_submission_item')
    )
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_reviews_submission_id'), ['submission_id'], unique=False)

    op.create_table('evidence_blobs',
    sa.Column('evidence_id', sa.Integer(), nullable=False),
    sa.Column('nonce', sa.LargeBinary(length=12), nullable=False),
    sa.Column('ciphertext', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['evidence_id'], ['evidence_files.id'], name=op.f('fk_evidence_blobs_evidence_id_evidence_files')),
    sa.PrimaryKeyConstraint('evidence_id', name=op.f('pk_evidence_blobs'))
    )


def downgrade() -> None:
    op.drop_table('evidence_blobs')
    with op.batch_alter_table('reviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_reviews_submission_id'))

    op.drop_table('reviews')
    with op.batch_alter_table('evidence_files', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_files_submission_id'))

    op.drop_table('evidence_files')
    with op.batch_alter_table('certifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_certifications_organisation_id'))

    op.drop_table('certifications')
    with op.batch_alter_table('submissions', schema=None) as batch_op:
        batch_op.drop_index('ix_submissions_status_rubric')
        batch_op.drop_index(batch_op.f('ix_submissions_organisation_id'))

    op.drop_table('submissions')
    op.drop_table('settings')
    op.drop_table('users')
    with op.batch_alter_table('service_organisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_service_organisations_park_id'))

    op.drop_table('service_organisations')
    with op.batch_alter_table('organisations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_organisations_park_id'))
        batch_op.drop_index(batch_op.f('ix_organisations_office_id'))
        batch_op.drop_index(batch_op.f('ix_organisations_name'))

    op.drop_table('organisations')
    op.drop_table('parks')
    op.drop_table('offices')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_log_object')
        batch_op.drop_index(batch_op.f('ix_audit_log_action'))

    op.drop_table('audit_log')
    op.drop_table('audit_head')
