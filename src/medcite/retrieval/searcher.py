"""Hybrid search over a library: lexical + dense, fused, softly reranked, diversified."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date
from enum import StrEnum

import numpy as np

from medcite.embed import Embedder
from medcite.grading import level_weight, recency_weight
from medcite.library.protocol import LibraryStore
from medcite.library.store import ChunkRow
from medcite.records import LEVEL_ORDER, EvidenceLevel, Hit, SearchFilters, SearchResult, SourceType
from medcite.retrieval.fusion import boost, convex, diversify, rrf
from medcite.retrieval.lexical import match_expression

log = logging.getLogger(__name__)


class Mode(StrEnum):
    """Which retrievers run: both fused (default), or one alone (for evaluation)."""

    HYBRID = "hybrid"
    LEXICAL = "lexical"
    DENSE = "dense"


def _expansions(query: str) -> list[str]:
    try:
        from medcite.vocab import expansion_terms
    except ImportError:
        return []
    try:
        return list(expansion_terms(query))
    except Exception as exc:  # vocabularies are an aid: a broken one must not stop search
        log.warning("synonym expansion failed: %s", exc)
        return []


class Searcher:
    """Searches one library; models are loaded once and reused across queries."""

    def __init__(
        self,
        library: LibraryStore,
        embedder: Embedder | None = None,
        *,
        expand: bool = True,
        candidates: int = 100,
        rrf_k: int = 60,
        level_strength: float = 0.15,
        recency_strength: float = 0.03,
        per_doc: int = 2,
        now_year: int | None = None,
        lexical_weight: float = 0.3,
        fusion: str = "convex",
    ) -> None:
        self.library = library
        self.embedder = embedder
        self.expand = expand
        self.candidates = candidates
        self.rrf_k = rrf_k
        self.level_strength = level_strength
        self.recency_strength = recency_strength
        self.per_doc = per_doc
        # Convex combination, lexical weight 0.3 (dense 0.7): chosen on a MedQuAD dev split
        # and confirmed on PubMedQA (bench/fusion_study.py, docs/benchmarks.md), where it beat
        # RRF at every weight. With fusion="rrf" the weight is the lexical list's (0.5 best).
        if not 0.0 <= lexical_weight <= 1.0:
            raise ValueError(f"lexical_weight must be between 0 and 1, got {lexical_weight}")
        self.lexical_weight = lexical_weight
        self.fusion = fusion
        self.now_year = now_year or date.today().year

    def search(
        self,
        query: str,
        k: int = 10,
        filters: SearchFilters | None = None,
        mode: Mode = Mode.HYBRID,
        extra_terms: Sequence[str] = (),
    ) -> SearchResult:
        """Ranked hits for `query`; `extra_terms` are added to the synonym phrases."""
        expansions = list(
            dict.fromkeys([*(_expansions(query) if self.expand else []), *extra_terms])
        )
        lexical: list[tuple[int, float]] = []
        dense: list[tuple[int, float]] = []
        if mode in (Mode.HYBRID, Mode.LEXICAL):
            lexical = self._lexical(query, expansions, filters)
        if mode in (Mode.HYBRID, Mode.DENSE):
            dense = self._dense(query, expansions, filters)
        fused = self._fuse(lexical, dense)
        hits = self._rank(fused, [r for r, _ in lexical], [r for r, _ in dense], k)
        return SearchResult(query=query, expanded_terms=expansions, hits=hits)

    def candidate_scores(
        self, query: str, filters: SearchFilters | None = None
    ) -> tuple[list[tuple[int, float]], list[tuple[int, float]]]:
        """Each retriever's boosted (rowid, score) candidates, best first (for fusion studies)."""
        expansions = _expansions(query) if self.expand else []
        return self._lexical(query, expansions, filters), self._dense(query, expansions, filters)

    def _fuse(
        self, lexical: list[tuple[int, float]], dense: list[tuple[int, float]]
    ) -> dict[int, float]:
        if self.fusion == "convex" and lexical and dense:
            return convex(lexical, dense, self.lexical_weight)
        lists = [[r for r, _ in lst] for lst in (lexical, dense) if lst]
        weights = ([self.lexical_weight] if lexical else []) + ([1.0] if dense else [])
        return rrf(lists, k=self.rrf_k, weights=weights)

    def hits_for_chunks(self, chunk_ids: Sequence[str]) -> list[Hit]:
        """Hits for known passages (evidence carried over in a thread), retracted ones left out."""
        rowids = self.library.rowids_for_chunks(chunk_ids)
        rows = self.library.chunk_rows(rowids)
        return [
            _hit(rows[r], 0.0, None, None) for r in rowids if r in rows and not rows[r].retracted
        ]

    def _lexical(
        self, query: str, expansions: list[str], filters: SearchFilters | None
    ) -> list[tuple[int, float]]:
        # One BM25 query holding the words and the synonyms: a rare synonym ("spondylolysis")
        # then outweighs common words by its IDF. Running the plain words as a second list
        # would let RRF reward passages that merely repeat common words ("pars", "treatment").
        expr = match_expression(query, expansions)
        if not expr:
            return []
        hits = self.library.fts(expr, self.candidates, filters)
        factors = self._boosts([rid for rid, _ in hits])
        rescored = {rid: score * factors[rid] for rid, score in hits if rid in factors}
        return sorted(rescored.items(), key=lambda item: (-item[1], item[0]))

    def _dense(
        self, query: str, expansions: list[str], filters: SearchFilters | None
    ) -> list[tuple[int, float]]:
        if self.embedder is None:
            return []
        text = query if not expansions else f"{query} ({'; '.join(expansions[:6])})"
        qvec = self.embedder.embed([text])[0].astype(np.float32)
        # The store searches (a matrix product for SQLite, the HNSW index in PostgreSQL).
        model = self.embedder.model_id
        kept = self.library.dense_search(model, qvec, self.candidates * 3, filters)
        factors = self._boosts([r for r, _ in kept])
        # Cosines of the top passages sit close together, so the boost is applied to the
        # distance from a floor rather than to the raw cosine: still a near-tie breaker.
        rescored = {r: (c + 1.0) * factors[r] for r, c in kept if r in factors}
        return sorted(rescored.items(), key=lambda item: (-item[1], item[0]))[: self.candidates]

    def _rank(
        self, fused: dict[int, float], lexical: list[int], dense: list[int], k: int
    ) -> list[Hit]:
        if not fused:
            return []
        # Boosts were applied inside each retriever, to its own scores, so fusion stays pure RRF:
        # boosting RRF scores (1/61 vs 1/62 apart) reordered clear relevance wins.
        scored = dict(fused)
        meta = self.library.chunk_meta(list(scored))
        doc_of = dict(zip(scored, meta.doc[meta.positions(list(scored))].tolist(), strict=True))
        # Ties break on rowid: deterministic for a given library.
        order = sorted(scored, key=lambda r: (-scored[r], r))
        order = diversify(order, {r: str(doc_of[r]) for r in order}, self.per_doc)[:k]
        rows = self.library.chunk_rows(order)  # full rows only for the hits returned
        lexical_rank = {rid: i for i, rid in enumerate(lexical, start=1)}
        dense_rank = {rid: i for i, rid in enumerate(dense, start=1)}
        return [
            _hit(rows[r], scored[r], lexical_rank.get(r), dense_rank.get(r))
            for r in order
            if r in rows
        ]

    def _boosts(self, rowids: list[int]) -> dict[int, float]:
        """Multiplicative evidence-level and recency factor per passage (about 1.0 to 1.08).

        Applied to a retriever's own scores, where equal relevance means equal scores, so a
        2014 guideline beats a 1978 case report on the same text without reordering clear wins.
        """
        meta = self.library.chunk_meta(rowids)
        pos = meta.positions(rowids)
        out: dict[int, float] = {}
        for rid, p in zip(rowids, pos.tolist(), strict=True):
            if p < 0:
                continue  # deleted since the candidate list was made
            year = int(meta.year[p])
            out[rid] = boost(
                1.0,
                level_weight(LEVEL_ORDER[int(meta.level[p])]),
                recency_weight(year if year >= 0 else None, self.now_year),
                self.level_strength,
                self.recency_strength,
            )
        return out


def _hit(row: ChunkRow, score: float, lexical_rank: int | None, dense_rank: int | None) -> Hit:
    level = EvidenceLevel(row.evidence_level)
    url = row.url or (f"https://pubmed.ncbi.nlm.nih.gov/{row.pmid}/" if row.pmid else None)
    if url is None and row.doi:
        url = f"https://doi.org/{row.doi}"
    return Hit(
        chunk_id=row.chunk_id,
        doc_id=row.doc_id,
        title=row.title,
        source_type=SourceType(row.source_type),
        section=row.section,
        text=row.text,
        year=row.year,
        journal=row.journal,
        publisher=row.publisher,
        url=url,
        pmid=row.pmid,
        doi=row.doi,
        evidence_level=level,
        evidence_label=level.label,
        grade=row.grade,
        retracted=row.retracted,
        score=round(score, 6),
        lexical_rank=lexical_rank,
        dense_rank=dense_rank,
    )
