"""Citation integrity of an answer set (JSONL as written by ``medcite ask --questions``).

For every answer: structural soundness (``check_integrity``), every citation number resolves to
a reference, every cited passage exists in the library, the share of sentences that carry a
citation, and the share of citations that the verifier's support check confirms against the
cited passages as they are stored in the library now.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from medcite.compose.citations import iter_sections
from medcite.compose.plans import EXPLANATORY_KEYS
from medcite.evaluation.report import SuiteResult
from medcite.library.protocol import LibraryStore
from medcite.records import Answer, ContentItem, Hit
from medcite.retrieval import Searcher
from medcite.verify import SupportChecker, VerifyThresholds, check_integrity
from medcite.verify.protocols import Embedder


@dataclass
class Tally:
    """Counts accumulated over an answer set."""

    answers: int = 0
    abstained: int = 0
    sound: int = 0
    citations: int = 0
    resolving: int = 0
    verified: int = 0
    passages: int = 0
    passages_found: int = 0
    documents: int = 0
    documents_found: int = 0
    sentences: int = 0
    cited_sentences: int = 0
    problems: list[str] = field(default_factory=list)

    def metrics(self) -> dict[str, float]:
        """Shares (4 places) and the raw counts behind them."""
        return {
            "answers": self.answers,
            "abstained": self.abstained,
            "answers_structurally_sound": _share(self.sound, self.answers),
            "citations": self.citations,
            "citations_resolving": _share(self.resolving, self.citations),
            "cited_passages": self.passages,
            "cited_passages_in_library": _share(self.passages_found, self.passages),
            "cited_documents_in_library": _share(self.documents_found, self.documents),
            "sentences": self.sentences,
            "sentences_with_citation": _share(self.cited_sentences, self.sentences),
            "citations_verified": _share(self.verified, self.citations),
        }


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def read_answers(path: Path) -> Iterator[tuple[str, Answer]]:
    """(id, Answer) per line; a bad line raises ValueError naming the file and line."""
    if not path.is_file():
        raise FileNotFoundError(
            f"{path}: no such answers file (write one with medcite ask --questions)"
        )
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                data = json.loads(line)
                qid = str(data.pop("id", lineno))
                yield qid, Answer.model_validate(data)
            except ValueError as exc:
                raise ValueError(
                    f"{path}:{lineno}: not an answer as written by medcite ask ({exc})"
                ) from exc


def cited_items(answer: Answer) -> Iterator[ContentItem]:
    """Sentences that must carry a citation: bottom line and non-explanatory sections."""
    if answer.abstained:
        return
    yield answer.bottom_line
    for section in iter_sections(answer.sections):
        if section.key not in EXPLANATORY_KEYS:
            yield from section.items


class IntegrityRun:
    """Checks answers against one library; passages are looked up once and cached."""

    def __init__(self, library: LibraryStore, embedder: Embedder | None = None) -> None:
        self.library = library
        self.searcher = Searcher(library, None)
        self.checker = SupportChecker(VerifyThresholds(), embedder)
        self.tally = Tally()
        self._hits: dict[str, Hit | None] = {}

    def add(self, qid: str, answer: Answer) -> None:
        """Check one answer and add it to the tally."""
        t = self.tally
        t.answers += 1
        t.abstained += answer.abstained
        problems = check_integrity(answer)
        t.sound += not problems
        t.problems.extend(f"{qid}: {p}" for p in problems)
        refs = {ref.n: ref for ref in answer.references}
        for ref in answer.references:
            t.documents += 1
            t.documents_found += self.library.document(ref.id) is not None
            for chunk_id in ref.chunk_ids:
                t.passages += 1
                t.passages_found += self._hit(chunk_id) is not None
        for item in cited_items(answer):
            if not item.text.strip():
                continue
            t.sentences += 1
            t.cited_sentences += bool(item.citations)
            for n in item.citations:
                t.citations += 1
                cited = refs.get(n)
                if cited is not None:
                    t.resolving += 1
                    t.verified += self._supported(item.full_text, cited.chunk_ids)

    def _hit(self, chunk_id: str) -> Hit | None:
        if chunk_id not in self._hits:
            found = self.searcher.hits_for_chunks([chunk_id])
            self._hits[chunk_id] = found[0] if found else None
        return self._hits[chunk_id]

    def _supported(self, text: str, chunk_ids: list[str]) -> bool:
        hits = [h for h in (self._hit(c) for c in chunk_ids) if h is not None]
        return any(self.checker.screen(text, h).supported for h in hits)


def run_integrity(
    answers: Path,
    library: LibraryStore,
    embedder: Embedder | None = None,
    *,
    embedder_name: str = "none",
) -> SuiteResult:
    """Integrity metrics of every answer in ``answers`` against ``library``."""
    run = IntegrityRun(library, embedder)
    t0 = time.perf_counter()
    for qid, answer in read_answers(answers):
        run.add(qid, answer)
    result = SuiteResult(
        suite="integrity",
        dataset=answers.name,
        settings={"library_version": library.version(), "embedder": embedder_name},
        metrics=dict(run.tally.metrics()),
        timing={"check": round(time.perf_counter() - t0, 1)},
    )
    result.notes += run.tally.problems[:20]
    if len(run.tally.problems) > 20:
        result.notes.append(f"... and {len(run.tally.problems) - 20} more problems")
    return result
