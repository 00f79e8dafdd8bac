"""Long-form answers on K-QA: each question is answered from a library, then scored against the
physician's statements.

- comprehensiveness: share of the must-have statements the answer entails (mean over questions);
- hallucination: statements (must-have and nice-to-have) the answer contradicts (mean count per
  answer, and the share of answers with at least one).

The physician's own free-form answer is scored by the same judge (``reference_*``): a calibration
of the judge, most telling for the proxy, whose ceiling it shows.

The judge is the configured LLM (``LLMEntailmentJudge``: does the *answer* entail the
*statement*?) or, without one, :class:`~medcite.evaluation.proxy.ProxyJudge`, labelled as a proxy.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from medcite.answering import Answerer, llm_fell_back
from medcite.compose.citations import iter_items
from medcite.evaluation.data import KQAItem, load_kqa, sample
from medcite.evaluation.progress import ItemLog
from medcite.evaluation.proxy import PROXY_LABEL
from medcite.evaluation.report import SuiteResult
from medcite.records import Answer
from medcite.verify.protocols import Verdict

Judge = Callable[[str, str], Verdict]


@dataclass
class KQAConfig:
    """Settings of one K-QA run."""

    limit: int | None = None
    seed: int = 13
    data_dir: Path | None = None
    progress: Path | None = None
    reference: bool = True


@dataclass(frozen=True)
class KQAScore:
    """Scores of one answer."""

    qid: str
    must_have: int
    entailed: int
    contradicted: int
    abstained: bool

    @property
    def comprehensiveness(self) -> float:
        """Share of must-have statements entailed (0 when the item has none)."""
        return self.entailed / self.must_have if self.must_have else 0.0


def answer_text(answer: Answer) -> str:
    """The prose of an answer (bottom line and every section item), one sentence per line."""
    if answer.abstained:
        return ""
    texts = (item.full_text.strip() for item in iter_items(answer))
    return "\n".join(text for text in texts if text)


def score_answer(item: KQAItem, text: str, judge: Judge) -> KQAScore:
    """Judge every statement of ``item`` against the answer text."""
    must = [judge(s, text) if text else "neutral" for s in item.must_have]
    nice = [judge(s, text) if text else "neutral" for s in item.nice_to_have]
    return KQAScore(
        qid=item.qid,
        must_have=len(item.must_have),
        entailed=sum(v == "entails" for v in must),
        contradicted=sum(v == "contradicts" for v in (*must, *nice)),
        abstained=not text,
    )


def run_kqa(
    config: KQAConfig, answerer: Answerer, judge: Judge, *, judge_name: str = PROXY_LABEL
) -> SuiteResult:
    """Answer a seeded sample of K-QA questions with ``answerer`` and score them with ``judge``."""
    items = [it for it in load_kqa(config.data_dir) if it.must_have]
    items = sample(items, config.limit, config.seed)
    composer = "extractive" if answerer.llm is None else f"llm:{answerer.llm.model_id}"
    result = SuiteResult(
        suite="kqa",
        dataset="k-qa",
        settings={
            "limit": config.limit,
            "seed": config.seed,
            "judge": judge_name,
            "composer": composer,
            "library_version": answerer.searcher.library.version(),
        },
    )
    log = ItemLog(config.progress)
    answer_keys = [
        f"kqa|answer|{composer}|{result.settings['library_version']}|{it.qid}" for it in items
    ]
    t0 = time.perf_counter()
    answers = [
        log.run(key, partial(_answer_record, answerer, it.question))
        for key, it in zip(answer_keys, items, strict=True)
    ]
    result.timing["answer"] = round(time.perf_counter() - t0, 1)
    if (per_answer := log.seconds(answer_keys)) is not None:
        result.timing["s_per_answer"] = per_answer
    logged = _LoggedJudge(judge, judge_name, log)
    t0 = time.perf_counter()
    texts = [str(a["text"]) for a in answers]
    scores = [score_answer(it, text, logged) for it, text in zip(items, texts, strict=True)]
    result.timing["judge"] = round(time.perf_counter() - t0, 1)
    result.metrics.update(summarise(scores))
    result.metrics["llm_fallbacks"] = sum(bool(a.get("fallback")) for a in answers)
    if config.reference:
        reference = [score_answer(it, it.reference_answer, logged) for it in items]
        ref = summarise(reference)
        result.metrics["reference_comprehensiveness"] = ref.get("comprehensiveness", 0.0)
        result.metrics["reference_hallucination_mean"] = ref.get("hallucination_mean", 0.0)
    if (per_call := log.seconds(logged.keys)) is not None:
        result.timing["s_per_judgement"] = per_call
    if judge_name == PROXY_LABEL:
        result.notes.append(
            "PROXY scores: no LLM judge was configured; entailment/contradiction are estimated "
            "lexically (see medcite.evaluation.proxy) and are not comparable to K-QA's published numbers"
        )
    return result


def _answer_record(answerer: Answerer, question: str) -> dict[str, object]:
    answer = answerer.ask(question)
    fallback = llm_fell_back(answer)
    return {"text": answer_text(answer), "composer": answer.composer, "fallback": fallback}


class _LoggedJudge:
    """The judge, with each verdict kept in the item log (keyed by hashes of both texts)."""

    def __init__(self, judge: Judge, name: str, log: ItemLog) -> None:
        self.judge = judge
        self.name = name
        self.log = log
        self.keys: list[str] = []

    def __call__(self, statement: str, text: str) -> Verdict:
        key = f"kqa|judge|{self.name}|{_digest(text)}|{_digest(statement)}"
        self.keys.append(key)
        verdict: Verdict = self.log.run(key, lambda: self.judge(statement, text))
        return verdict


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def summarise(scores: Sequence[KQAScore]) -> dict[str, float]:
    """Means over answers."""
    n = len(scores)
    if not n:
        return {"questions": 0}
    answered = [s for s in scores if not s.abstained]
    return {
        "questions": n,
        "comprehensiveness": round(sum(s.comprehensiveness for s in scores) / n, 4),
        "comprehensiveness_answered": round(
            sum(s.comprehensiveness for s in answered) / len(answered), 4
        )
        if answered
        else 0.0,
        "hallucination_mean": round(sum(s.contradicted for s in scores) / n, 4),
        "answers_with_hallucination": round(sum(s.contradicted > 0 for s in scores) / n, 4),
        "abstained": round(sum(s.abstained for s in scores) / n, 4),
        "must_have_statements": sum(s.must_have for s in scores),
    }
