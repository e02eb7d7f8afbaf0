"""Park registry under the bureau's control: park_memberships (a park operator's proposals and the decisions on
them) and certifications.certificate_number.

Existing members (organisations with park_id set) stay confirmed members; certifications recorded by a park
operator stay on record but no longer count (only the bureau's do).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('park_memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('park_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=12), nullable=False),
    sa.Column('proposed_by_id', sa.Integer(), nullable=True),
    sa.Column('proposed_at', sa.DateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('proposed', 'confirmed', 'rejected')", name=op.f('ck_park_memberships_status')),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_park_memberships_decided_by_id_users')),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'],
                            name=op.f('fk_park_memberships_organisation_id_organisations')),
    sa.ForeignKeyConstraint(['park_id'], ['parks.id'], name=op.f('fk_park_memberships_park_id_parks')),
    sa.ForeignKeyConstraint(['proposed_by_id'], ['users.id'], name=op.f('fk_park_memberships_proposed_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_park_memberships')),
    sa.UniqueConstraint('park_id', 'organisation_id', name='uq_park_memberships_park_organisation')
    )
    with op.batch_alter_table('park_memberships', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_park_memberships_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_park_memberships_park_id'), ['park_id'], unique=False)
    with op.batch_alter_table('certifications', schema=None) as batch_op:
        batch_op.add_column(sa.Column('certificate_number', sa.String(length=100), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('certifications', schema=None) as batch_op:
        batch_op.drop_column('certificate_number')
    with op.batch_alter_table('park_memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_park_memberships_park_id'))
        batch_op.drop_index(batch_op.f('ix_park_memberships_organisation_id'))
    op.drop_table('park_memberships')
