"""Plans with errors in the case list, and the post-meeting evaluation answers.

`cases.error_count` is the plan check's error count of the newest plan, computed on save so the
case list can show "plans with errors" without parsing documents; NULL means "not yet computed"
(cases saved before this revision) and is filled in when the store is opened.

`evaluations` holds survey answers with deliberately no link to a case, meeting or person: only
the month (first day), the kind of meeting, the respondent's role and the answers by item code.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

_LIST_COLUMNS = [
    sa.text("updated_at DESC"),
    sa.text("id DESC"),
    "search_name",
    "display_name",
    "status",
    "protected",
    "next_follow_up",
]


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("error_count", sa.Integer(), nullable=True))
    # the case list reads error_count too: keep its covering index covering
    op.drop_index("ix_cases_list", "cases")
    op.create_index("ix_cases_list", "cases", [*_LIST_COLUMNS, "error_count"])
    op.create_table(
        "evaluations",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("answered_on", sa.Date(), nullable=False),
        sa.Column("meeting_kind", sa.String(20), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("answers", sa.Text(), nullable=False),
    )
    op.create_index("ix_evaluations_answered_on", "evaluations", ["answered_on"])


def downgrade() -> None:
    op.drop_index("ix_evaluations_answered_on", "evaluations")
    op.drop_table("evaluations")
    op.drop_index("ix_cases_list", "cases")
    op.create_index("ix_cases_list", "cases", _LIST_COLUMNS)
    with op.batch_alter_table("cases") as batch:
        batch.drop_column("error_count")
