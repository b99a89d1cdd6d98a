"""What the coordinator's figures need from each held meeting, kept beside it.

`meeting_facts` holds, per meeting, the few numbers and flags `stats` counts (the person took
part, an own view recorded, the booked follow-up date, goals answered and reached at review) as
a short text "1|0|2027-02-15|3|2" – no text from the plan. It is a cache: filled by `stats` the
first time it reads a held meeting, dropped by a trigger whenever the meeting's row changes and
with the meeting by the foreign key, so `stats` over 50,000 cases reads these rows instead of decrypting
and parsing every plan version again (≈380 MB of documents).

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "meeting_facts",
        sa.Column(
            "meeting_id",
            sa.Integer(),
            sa.ForeignKey("meetings.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("facts", sa.Text(), nullable=False),
    )
    op.execute(
        "CREATE TRIGGER meeting_facts_stale AFTER UPDATE ON meetings "
        "BEGIN DELETE FROM meeting_facts WHERE meeting_id = OLD.id; END"
    )
    # answers stats' list of held meetings without reading the meetings' rows, whose documents
    # fill a page each (50,000 pages decrypted per run at 50,000 cases otherwise)
    op.create_index("ix_meetings_held", "meetings", ["status", "case_id", "seq", "date", "kind"])


def downgrade() -> None:
    op.drop_index("ix_meetings_held", "meetings")
    op.execute("DROP TRIGGER IF EXISTS meeting_facts_stale")
    op.drop_table("meeting_facts")
