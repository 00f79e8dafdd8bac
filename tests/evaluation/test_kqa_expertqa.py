"""K-QA (proxy and LLM judge) and ExpertQA citation verification on the fixture slices."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from medcite.answering import Answerer
from medcite.cli.main import app
from medcite.evaluation import ExpertQAConfig, KQAConfig, ProxyJudge, run_expertqa, run_kqa
from medcite.evaluation.data import KQAItem
from medcite.evaluation.expertqa import clean_claim, clean_evidence
from medcite.evaluation.kqa import score_answer
from medcite.llm import LLMEntailmentJudge, ScriptedLLM
from medcite.verify.protocols import Verdict

runner = CliRunner()


def test_proxy_judge() -> None:
    judge = ProxyJudge()
    answer = "Colchicine, NSAIDs or glucocorticoids are first-line therapy for acute gout flares."
    assert judge("NSAIDs are first-line therapy for gout flares", answer) == "entails"
    assert (
        judge("Colchicine is not first-line therapy for acute gout flares", answer) == "contradicts"
    )
    assert judge("Asthma needs inhaled corticosteroids", answer) == "neutral"


def test_score_answer_counts() -> None:
    item = KQAItem("1", "q", ("a is b", "c is d"), ("e is f",))
    order: list[Verdict] = ["entails", "neutral", "contradicts"]
    verdicts = iter(order)
    score = score_answer(item, "text", lambda _s, _t: next(verdicts))
    assert (score.entailed, score.contradicted, score.comprehensiveness) == (1, 1, 0.5)
    assert score_answer(item, "", lambda _s, _t: "entails").abstained


def test_kqa_proxy_end_to_end(eval_data: Path, answerer: Answerer) -> None:
    result = run_kqa(KQAConfig(data_dir=eval_data), answerer, ProxyJudge())
    m = result.metrics
    assert m["questions"] == 2  # the item without must-have statements is left out
    assert 0.0 < m["comprehensiveness"] <= 1.0
    assert any("PROXY" in n for n in result.notes)
    assert result.settings["composer"] == "extractive"
    again = run_kqa(KQAConfig(data_dir=eval_data), answerer, ProxyJudge())
    assert again.metrics == m


def test_kqa_llm_judge(eval_data: Path, answerer: Answerer) -> None:
    # Spondylolysis: two must-have statements entailed, the nice-to-have one contradicted;
    # the gout question abstains on the fixture library, so its statements are not judged.
    llm = ScriptedLLM(*['{"verdict": "entails"}'] * 2, '{"verdict": "contradicts"}')
    # Then the physicians' reference answers: 3 statements, then 2 (gout).
    llm.enqueue(*['{"verdict": "entails"}'] * 5)
    config = KQAConfig(data_dir=eval_data)
    result = run_kqa(config, answerer, LLMEntailmentJudge(llm), judge_name="llm:scripted")
    m = result.metrics
    assert m["questions"] == 2 and m["comprehensiveness"] == 0.5 and m["abstained"] == 0.5
    assert m["hallucination_mean"] == 0.5 and m["answers_with_hallucination"] == 0.5
    assert m["comprehensiveness_answered"] == 1.0 and m["reference_comprehensiveness"] == 1.0
    assert not any("PROXY" in n for n in result.notes)
    assert len(llm.history) == 8


def test_kqa_cli_proxy(eval_data: Path, library_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MEDCITE_EMBEDDER", "hash")
    monkeypatch.setenv("MEDCITE_EXPAND_SYNONYMS", "false")
    args = ["eval", "kqa", "--library", str(library_dir), "--data-dir", str(eval_data), "--json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["settings"]["judge"].startswith("proxy") and data["metrics"]["questions"] == 2


def test_expertqa_cleaning() -> None:
    assert clean_claim("A drug works [2] [3].") == "A drug works."
    assert clean_evidence("[1] https://x.org/a\n\nTitle. Body.") == "Title. Body."


def test_expertqa_agreement(eval_data: Path) -> None:
    result = run_expertqa(ExpertQAConfig(data_dir=eval_data))
    m = result.metrics
    assert m["claims"] == 5 and m["excluded_unlabelled"] == 1 and m["claims_without_evidence"] == 1
    table = m["confusion_by_expert_label"]
    assert table["Complete"]["supported"] == 2  # verbatim claims are supported
    assert table["Incomplete"]["supported"] == 0  # "cure within 2 weeks": number absent
    assert table["Missing"]["unsupported"] == 1
    assert m["complete"]["recall"] == 1.0


def test_expertqa_with_llm_judge(eval_data: Path) -> None:
    llm = ScriptedLLM(*['{"verdict": "neutral"}'] * 10)
    result = run_expertqa(ExpertQAConfig(data_dir=eval_data), judge=LLMEntailmentJudge(llm))
    assert result.metrics["predicted_supported"] == 0 and llm.history


def test_expertqa_cli(eval_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "e.json"
    args = ["eval", "citations-expertqa", "--data-dir", str(eval_data), "--embedder", "hash"]
    result = runner.invoke(app, [*args, "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "| Complete |" in result.stdout and "precision" in result.stdout
    assert json.loads(out.read_text())["metrics"]["claims"] == 5
    skipped = runner.invoke(app, [*args, "--judge", "llm"])
    assert skipped.exit_code == 0 and "needs an LLM" in skipped.output
