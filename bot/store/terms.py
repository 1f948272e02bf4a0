"""The workspace's allowed and denied terms (see masking.workspace_terms)."""
from __future__ import annotations

from functools import lru_cache

from sqlalchemy import select

from bot.store.models import WorkspaceTermRow
from masking.workspace_terms import WorkspaceTerms, build_terms, normalise


class TermStore:
    """Mixed into `Store`: needs `self.session()`."""

    def set_term(self, term: str, kind: str, label: str = "", by: str = "") -> str:
        key = normalise(term)
        with self.session() as s:
            s.merge(WorkspaceTermRow(term=key, kind=kind, label=label, added_by=by))
            s.commit()
        return key

    def forget_term(self, term: str) -> bool:
        with self.session() as s:
            row = s.get(WorkspaceTermRow, normalise(term))
            if row is None:
                return False
            s.delete(row)
            s.commit()
        return True

    def term_rows(self) -> list[WorkspaceTermRow]:
        with self.session() as s:
            return list(s.scalars(select(WorkspaceTermRow).order_by(WorkspaceTermRow.kind, WorkspaceTermRow.term)))

    def workspace_terms(self) -> WorkspaceTerms:
        """Read on every message; built (its patterns compiled) only when the terms change."""
        return _built(tuple((r.term, r.kind, r.label) for r in self.term_rows()))


@lru_cache(maxsize=8)
def _built(rows: tuple[tuple[str, str, str], ...]) -> WorkspaceTerms:
    return build_terms([term for term, kind, _ in rows if kind == "allow"],
                       [(term, label or "CUSTOM") for term, kind, label in rows if kind == "deny"])
