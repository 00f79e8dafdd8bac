"""Retrieval: lexical (FTS5 BM25) and dense results fused by RRF, reranked softly, diversified."""

from medcite.retrieval.fusion import diversify, rrf
from medcite.retrieval.lexical import match_expression, tokens
from medcite.retrieval.searcher import Mode, Searcher

__all__ = ["Mode", "Searcher", "diversify", "match_expression", "rrf", "tokens"]
