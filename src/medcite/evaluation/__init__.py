"""Evaluation suites behind ``medcite eval``: retrieval, multiple choice (MIRAGE), PubMedQA,
long-form (K-QA), citation verification (ExpertQA) and citation integrity of an answer set.

Each suite is a ``run_*`` function taking a small config dataclass (and the providers it needs)
and returning a :class:`SuiteResult`; results are reproducible for a fixed seed and settings.
"""

from medcite.evaluation.data import DataMissing, default_data_dir
from medcite.evaluation.expertqa import ExpertQAConfig, run_expertqa
from medcite.evaluation.integrity import run_integrity
from medcite.evaluation.kqa import KQAConfig, run_kqa
from medcite.evaluation.llm_tasks import NeedsLLM, require_llm
from medcite.evaluation.mcq import MCQConfig, run_mcq
from medcite.evaluation.proxy import ProxyJudge
from medcite.evaluation.pubmedqa import PubMedQAConfig, run_pubmedqa
from medcite.evaluation.report import SuiteResult, to_markdown, write_json
from medcite.evaluation.retrieval import RetrievalConfig, run_retrieval

__all__ = [
    "DataMissing",
    "ExpertQAConfig",
    "KQAConfig",
    "MCQConfig",
    "NeedsLLM",
    "ProxyJudge",
    "PubMedQAConfig",
    "RetrievalConfig",
    "SuiteResult",
    "default_data_dir",
    "require_llm",
    "run_expertqa",
    "run_integrity",
    "run_kqa",
    "run_mcq",
    "run_pubmedqa",
    "run_retrieval",
    "to_markdown",
    "write_json",
]
