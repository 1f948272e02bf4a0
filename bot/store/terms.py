"""The workspace's allowed and denied terms (see masking.workspace_terms)."""
from __future__ import annotations

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
        rows = self.term_rows()
        return build_terms([r.term for r in rows if r.kind == "allow"],
                           [(r.term, r.label or "CUSTOM") for r in rows if r.kind == "deny"])
