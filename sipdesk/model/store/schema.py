"""The tables of the encrypted store (SQLAlchemy 2 ORM).

A case's plan content is kept as a JSON document per meeting (one row = one plan version), written
by the same codec as the plan file; the columns beside it are what the case list filters and sorts
on, so listing 10,000 cases never parses a document.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class CaseRecord(Base):
    __tablename__ = "cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    uid: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(Text)  # pseudonym for a protected identity
    search_name: Mapped[str] = mapped_column(Text)  # casefolded display name
    status: Mapped[str] = mapped_column(String(20))
    protected: Mapped[bool]
    next_follow_up: Mapped[dt.date | None]
    error_count: Mapped[int | None]  # plan-check errors of the newest plan; NULL = not computed
    document: Mapped[str] = mapped_column(Text)  # person, consents, closing (JSON)
    created_at: Mapped[dt.datetime]
    updated_at: Mapped[dt.datetime]

    meetings: Mapped[list[MeetingRecord]] = relationship(
        back_populates="case",
        order_by="MeetingRecord.seq",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )

    __table_args__ = (
        Index("ix_cases_status", "status"),
        Index("ix_cases_next_follow_up", "next_follow_up"),
        Index("ix_cases_search_name", "search_name"),
        Index(
            "ix_cases_list",
            text("updated_at DESC"),
            text("id DESC"),
            "search_name",
            "display_name",
            "status",
            "protected",
            "next_follow_up",
            "error_count",
        ),
    )


class MeetingRecord(Base):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"))
    seq: Mapped[int]  # 0-based position; plan version = seq + 1
    kind: Mapped[str] = mapped_column(String(20))
    date: Mapped[dt.date | None]
    status: Mapped[str] = mapped_column(String(20))
    document: Mapped[str] = mapped_column(Text)  # the meeting with its plan version (JSON)
    updated_at: Mapped[dt.datetime]

    case: Mapped[CaseRecord] = relationship(back_populates="meetings")

    __table_args__ = (UniqueConstraint("case_id", "seq"),)


class AuditRecord(Base):
    """What was done to a case, when and by which OS user – ids and actions only, no names."""

    __tablename__ = "audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int | None] = mapped_column(index=True)  # kept after the case is deleted
    at: Mapped[dt.datetime]
    os_user: Mapped[str] = mapped_column(String(100))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")


class PreferenceRecord(Base):
    """Settings that may hold personal data (the chair's own name), kept encrypted."""

    __tablename__ = "preferences"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class EvaluationRecord(Base):
    """One post-meeting survey response – with no link to any case, meeting or person."""

    __tablename__ = "evaluations"

    id: Mapped[int] = mapped_column(primary_key=True)
    answered_on: Mapped[dt.date] = mapped_column(index=True)  # first day of the month only
    meeting_kind: Mapped[str] = mapped_column(String(20))
    role: Mapped[str] = mapped_column(String(20))
    answers: Mapped[str] = mapped_column(Text)  # {"item code": "fully" | ...} (JSON)
