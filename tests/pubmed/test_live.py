"""Live search for a question: tiers, widening, merge/dedupe, storing, the Answerer hook."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from medcite.analysis import analyze
from medcite.answering import Answerer
from medcite.compose import ComposeOptions
from medcite.embed import HashEmbedder
from medcite.ingest.pipeline import Ingestor
from medcite.library.store import Library
from medcite.pubmed import EutilsClient, PubMedLive, PubMedStore
from medcite.retrieval import Searcher
from medcite.verify import check_integrity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
QUESTION = "What is the treatment for pars defect?"
RELEVANT = {"39100001", "39100002", "39100003", "39100004", "39100005"}


def live(client: EutilsClient, library: Library, **kw: Any) -> PubMedLive:
    return PubMedLive(PubMedStore(client, library, HashEmbedder()), now_year=2026, **kw)


def test_gather_runs_tiers_best_first_and_stores(client: EutilsClient, library: Library) -> None:
    source = live(client, library)
    ids = source.gather(analyze(QUESTION))
    report = source.last
    assert set(ids) == {f"pmid:{p}" for p in RELEVANT}
    assert report.pmids[:3] == ["39100001", "39100002", "39100003"]  # guideline, SR, RCT first
    assert report.queries[0].tier == "guidelines and consensus"
    assert '"spondylolysis"[mh]' in report.queries[0].term  # confirmed by PubMed's MeSH
    assert '"pars defect"[mh]' not in report.queries[0].term
    assert library.document("pmid:39100006") is None  # retracted: never fetched
    assert len(report.pmids) == len(set(report.pmids))


def test_window_widens_when_results_are_scarce(client: EutilsClient, library: Library) -> None:
    source = live(client, library, min_results=10)
    source.gather(analyze(QUESTION))
    windows = [q.window for q in source.last.queries]
    assert windows[0] == "last 10 years" and "any date" in windows
    old = next(q for q in source.last.queries if "39100004" in q.new_pmids)  # the 2009 cohort
    assert old.window != "last 10 years"


def test_enough_results_stop_widening(client: EutilsClient, library: Library) -> None:
    source = live(client, library, min_results=2)
    source.gather(analyze(QUESTION))
    assert {q.window for q in source.last.queries} == {"last 10 years"}


def test_search_sends_no_patient_identifiers(
    client: EutilsClient, library: Library, eutils: Any
) -> None:
    q = "Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female"
    live(client, library).gather(analyze(q))
    sent = " ".join(c.params.get("term", "") for c in eutils.requests).lower()
    sent = sent.replace("2017:3000", "").replace("2007:3000", "")
    for identifier in ("22", "female", "l5", "fall", "bilateral", "year-old"):
        assert identifier not in sent, identifier
    assert q.lower() not in sent


def answerer(client: EutilsClient, library: Library, *, live_only: bool) -> Answerer:
    # the library already holds our own guideline collection, which PubMed does not have
    Ingestor(library, HashEmbedder(), use_worker=False).run([FIXTURES / "library"])
    searcher = Searcher(library, HashEmbedder(), now_year=2026)
    options = ComposeOptions(reference_year=2026)
    return Answerer(
        searcher, live=live(client, library), live_only=live_only, compose_options=options
    )


def test_source_pubmed_cites_only_fetched_pmids(client: EutilsClient, library: Library) -> None:
    asker = answerer(client, library, live_only=True)
    answer, hits = asker.ask_with_evidence(QUESTION)
    assert isinstance(asker.live, PubMedLive)
    fetched = set(asker.live.last.pmids)
    assert not answer.abstained and answer.references
    assert {r.pmid for r in answer.references} <= fetched
    assert {h.pmid for h in hits} <= fetched
    assert check_integrity(answer) == []


def test_source_both_ranks_library_and_pubmed_together(
    client: EutilsClient, library: Library
) -> None:
    asker = answerer(client, library, live_only=False)
    _, hits = asker.ask_with_evidence(QUESTION)
    assert any(h.pmid in RELEVANT for h in hits)
    assert any(h.pmid is None for h in hits)  # the library's own guideline documents
