"""The analyst's comment on a month's report, as a record: every saved version is kept (written
by `pipelines.ingest.comments`, read by `pipelines.queries.comments`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Comment:
    month: date
    text: str
    author: str
    saved_at: datetime
    version: int


@dataclass(frozen=True)
class CommentHistory:
    """The current comment of a month (None when none is saved) and every version, newest first."""

    latest: Comment | None
    history: tuple[Comment, ...]
