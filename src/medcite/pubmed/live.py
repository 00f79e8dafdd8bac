"""Live PubMed evidence for ``ask``: run a question's search plan, fetch, store, report.

:class:`PubMedLive` is what :class:`medcite.answering.Answerer` calls before it retrieves: it
builds the librarian's plan from the analysis (:mod:`.strategy`), runs its queries best
evidence first, widens the recency window while results are scarce, merges and de-duplicates
the PMIDs, fetches the new ones into the library (:mod:`.fetch`) and returns their document
ids. Ranking is then the library's own retrieval. ``last`` keeps the queries for ``--explain``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date

from medcite.records import QuestionAnalysis

from .client import EutilsClient
from .fetch import FetchReport, PubMedStore
from .strategy import WINDOWS, SearchPlan, build_plan

__all__ = ["LiveReport", "PubMedLive", "QueryRun", "mesh_lookup"]


@dataclass(frozen=True)
class QueryRun:
    """One query as sent to PubMed, and what it gave."""

    tier: str
    term: str
    window: str
    count: int
    new_pmids: list[str]
    translation: str = ""


@dataclass
class LiveReport:
    """Everything a live search did, for ``--explain`` and ``--json``."""

    topic: str = ""
    queries: list[QueryRun] = field(default_factory=list)
    pmids: list[str] = field(default_factory=list)
    fetch: FetchReport | None = None
    note: str = ""

    def as_dict(self) -> dict[str, object]:
        """JSON-ready report."""
        return {
            "topic": self.topic,
            "queries": [asdict(q) for q in self.queries],
            "pmids": self.pmids,
            "fetch": self.fetch.as_dict() if self.fetch else None,
            "note": self.note,
        }

    def explain_lines(self) -> list[str]:
        """Human lines: each query with its tier, window and hit count, ready to paste."""
        if not self.queries:
            return [self.note or "PubMed was not searched."]
        lines = []
        for q in self.queries:
            lines.append(f"[{q.tier}; {q.window}] {q.count} found, {len(q.new_pmids)} new")
            lines.append(f"  {q.term}")
        lines.append(f"PMIDs used: {', '.join(self.pmids) or 'none'}")
        return lines


class PubMedLive:
    """Finds evidence for an analysed question in PubMed and stores it in the library."""

    def __init__(
        self,
        store: PubMedStore,
        *,
        max_results: int = 30,
        min_results: int = 10,
        now_year: int | None = None,
        use_mesh: bool = True,
    ) -> None:
        self.store = store
        self.max_results = max_results
        self.min_results = min_results
        self.now_year = now_year or date.today().year
        self.use_mesh = use_mesh
        self.last = LiveReport()

    @property
    def client(self) -> EutilsClient:
        """The E-utilities client the store fetches with."""
        return self.store.client

    def gather(self, analysis: QuestionAnalysis) -> list[str]:
        """Search, fetch and store; the library ids (``pmid:N``) of the evidence found."""
        self.last = report = LiveReport(topic=analysis.topic)
        plan = self.plan(analysis)
        if plan is None:
            report.note = "nothing to search PubMed for (out of scope, or no topic found)"
            return []
        report.pmids = self._run(plan, report)
        if report.pmids:
            report.fetch = self.store.fetch(report.pmids)
            report.pmids = report.fetch.pmids
        else:
            report.note = "PubMed found nothing for these queries"
        self.store.log_search(
            {
                "topic": analysis.topic,
                "queries": [asdict(q) for q in report.queries],
                "pmids": report.pmids,
            }
        )
        return [f"pmid:{p}" for p in report.pmids]

    def plan(self, analysis: QuestionAnalysis) -> SearchPlan | None:
        """The search plan for ``analysis`` (MeSH headings checked against PubMed's MeSH)."""
        mesh = (lambda terms: mesh_lookup(self.client, terms)) if self.use_mesh else None
        return build_plan(analysis, mesh=mesh)

    def _run(self, plan: SearchPlan, report: LiveReport) -> list[str]:
        """Queries best evidence first; widen the window until at least ``min_results``."""
        found: list[str] = []
        for years in WINDOWS:
            window = f"last {years} years" if years else "any date"
            for query in plan.queries(years, self.now_year):
                room = self.max_results - len(found)
                if room <= 0:
                    break
                result = self.client.esearch(query.term, retmax=min(query.quota, room))
                new = [p for p in result.ids if p not in found]
                found.extend(new)
                report.queries.append(
                    QueryRun(query.tier, query.term, window, result.count, new, result.translation)
                )
            if len(found) >= self.min_results:
                break
        return found


_MESH_CACHE: dict[tuple[str, str], bool] = {}


def mesh_lookup(client: EutilsClient, terms: Sequence[str]) -> set[str]:
    """Those of ``terms`` that PubMed's MeSH database knows (headings or their entry terms).

    One ESearch per new term against ``db=mesh``; answers are remembered for the process.
    """
    out: set[str] = set()
    for term in dict.fromkeys(terms):
        key = (client.config.base_url, term)
        if key not in _MESH_CACHE:
            found = client.esearch(f'"{term}"[MeSH Terms]', retmax=0, db="mesh")
            _MESH_CACHE[key] = found.count > 0
        if _MESH_CACHE[key]:
            out.add(term)
    return out
