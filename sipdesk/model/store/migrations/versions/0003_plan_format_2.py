"""Plan format 2 in the stored documents: huvudman only for kommun and region (others are
actors), the huvudansvarig as one participant, consent roles (see sipdesk/model/migration.py).

No column changes: every meeting and case document written in format 1 is rewritten in format 2,
exactly as the repository would write it, so an earlier plan version still compares equal when the
case is saved again. Nothing is refused here – an ambiguous huvudansvarig is kept as one
participant's name and the plan check flags it. Error counts are recomputed on the next open.

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    from sipdesk.model import codec, migration
    from sipdesk.model.entities import Case, Meeting

    conn = op.get_bind()
    for row_id, document in conn.execute(sa.text("SELECT id, document FROM meetings")).all():
        data = json.loads(document)
        if not migration.is_v1_meeting(data):
            continue
        new = migration.migrate_meeting(data, "meeting", strict=False)
        try:
            text = json.dumps(
                codec.encode(codec.decode(Meeting, new, "meeting")),
                ensure_ascii=False,
                sort_keys=True,
            )
        except codec.DecodeError:
            text = json.dumps(new, ensure_ascii=False, sort_keys=True)
        conn.execute(
            sa.text("UPDATE meetings SET document = :d WHERE id = :i"), {"d": text, "i": row_id}
        )
    fields = ("person", "consents", "closing", "uid", "initiative", "decisions")
    for row_id, document in conn.execute(sa.text("SELECT id, document FROM cases")).all():
        data = migration.migrate_case_fields(json.loads(document))
        try:
            encoded = codec.encode(codec.decode(Case, {**data, "meetings": []}, "case"))
            text = json.dumps({k: encoded[k] for k in fields}, ensure_ascii=False, sort_keys=True)
        except codec.DecodeError:
            continue
        conn.execute(
            sa.text("UPDATE cases SET document = :d, error_count = NULL WHERE id = :i"),
            {"d": text, "i": row_id},
        )


def downgrade() -> None:
    # Format 2 documents are not written back in format 1 (export a plan file instead).
    pass
