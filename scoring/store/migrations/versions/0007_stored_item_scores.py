"""Stored per-item scores: the table ``submission_items`` (each item's claim, self score, status, the engine's
explanation and the evidence titles), filled for the submissions already stored by scoring their answers through
the library, a batch of submissions at a time. A submission whose answers no longer fit the rubric gets no rows
(it could not be scored before either) and is named in the log.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 16:25:23.472153
"""
from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

BATCH = 200
LOG = logging.getLogger("alembic.runtime.migration")
HALF_POINT_COLUMNS = ("max", "claimed", "score")


def upgrade() -> None:
    items = op.create_table('submission_items',
    sa.Column('submission_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('item_id', sa.String(length=10), nullable=False),
    sa.Column('indicator', sa.Text(), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('bonus', sa.Boolean(), nullable=False),
    sa.Column('max', sa.Integer(), nullable=False),
    sa.Column('claimed', sa.Integer(), nullable=False),
    sa.Column('score', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('explanation', sa.Text(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['submission_id'], ['submissions.id'], name=op.f('fk_submission_items_submission_id_submissions')),
    sa.PrimaryKeyConstraint('submission_id', 'position', name=op.f('pk_submission_items')),
    sa.UniqueConstraint('submission_id', 'item_id', name='uq_submission_items_submission_item')
    )
    _backfill(op.get_bind(), items)


def _backfill(connection, items: sa.Table) -> None:
    """Score every stored submission's answers with the library and insert its rows, ``BATCH`` at a time."""
    from scoring.answers import parse_answers
    from scoring.engine import score
    from scoring.problems import InputInvalid
    from scoring.rubric import load_rubric
    from scoring.store.item_scores import item_values

    submissions = sa.table("submissions", sa.column("id", sa.Integer), sa.column("rubric", sa.String),
                           sa.column("answers", sa.JSON))
    rubrics = {}
    last = 0
    while True:
        batch = connection.execute(sa.select(submissions.c.id, submissions.c.rubric, submissions.c.answers)
                                   .where(submissions.c.id > last).order_by(submissions.c.id).limit(BATCH)).all()
        if not batch:
            return
        rows = []
        for submission_id, category, data in batch:
            if category not in rubrics:
                rubrics[category] = load_rubric(category)
            try:
                answers = parse_answers(data, file=f"申报#{submission_id}", rubric=rubrics[category])
            except InputInvalid as err:
                LOG.warning("submission %s: answers do not fit the rubric, no item rows stored (%s)",
                            submission_id, "; ".join(p.line() for p in err.problems[:3]))
                continue
            for row in item_values(score(rubrics[category], answers), answers):
                rows.append({**row, **{k: _half_points(row[k]) for k in HALF_POINT_COLUMNS},
                             "submission_id": submission_id})
        if rows:
            connection.execute(items.insert(), rows)
        last = batch[-1][0]


def _half_points(value) -> int:
    doubled = value * 2
    if doubled != doubled.to_integral_value():
        raise ValueError(f"{value} is not a multiple of 0.5")
    return int(doubled)


def downgrade() -> None:
    op.drop_table('submission_items')
