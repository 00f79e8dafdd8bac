"""Asking over HTTP: JSON answers, follow-ups, streaming, limits and anonymous access."""

from __future__ import annotations

import json
from typing import Any

from medcite.articles import Role

QUESTION = "What is the treatment for pars defect?"


def _events(text: str) -> list[tuple[str, Any]]:
    out = []
    for block in text.strip().split("\n\n"):
        lines = dict(line.split(": ", 1) for line in block.splitlines())
        out.append((lines["event"], json.loads(lines["data"])))
    return out


def test_ask_returns_a_cited_answer_with_passages(api: Any) -> None:
    r = api.client.post("/api/ask", json={"question": QUESTION}, headers=api.auth(Role.READER))
    assert r.status_code == 200
    body = r.json()
    assert body["answer"]["title"] == "Treatment for Pars Defect"
    assert body["answer"]["references"][0]["evidence_label"]
    assert {p["n"] for p in body["passages"]} == {ref["n"] for ref in body["answer"]["references"]}
    assert body["article"] is None


def test_follow_up_keeps_the_thread(api: Any) -> None:
    first = api.client.post("/api/ask", json={"question": QUESTION}, headers=api.auth(Role.READER))
    thread = first.json()["answer"]["thread_id"]
    r = api.client.post(
        "/api/ask",
        json={"question": "What about surgery?", "thread_id": thread},
        headers=api.auth(Role.READER),
    )
    assert r.status_code == 200
    assert r.json()["answer"]["thread_id"] == thread
    assert "Pars Defect" in r.json()["answer"]["title"]


def test_audience_changes_the_answer_not_the_sources(api: Any) -> None:
    ask = lambda audience: api.client.post(  # noqa: E731
        "/api/ask", json={"question": QUESTION, "audience": audience}, headers=api.auth(Role.READER)
    ).json()["answer"]
    clinician, patient = ask("clinician"), ask("patient")
    assert patient["audience"] == "patient"
    assert {r["id"] for r in patient["references"]} & {r["id"] for r in clinician["references"]}


def test_stream_sends_stages_then_the_answer(api: Any) -> None:
    r = api.client.get(
        "/api/ask/stream", params={"question": QUESTION}, headers=api.auth(Role.READER)
    )
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/event-stream")
    events = _events(r.text)
    stages = [data["stage"] for name, data in events if name == "status"]
    assert stages == ["analysing", "retrieving", "composing"]
    assert events[-1][0] == "answer"
    assert events[-1][1]["answer"]["title"] == "Treatment for Pars Defect"


def test_post_stream_and_save(api: Any) -> None:
    r = api.client.post(
        "/api/ask/stream",
        json={"question": QUESTION, "save": True},
        headers=api.auth(Role.CLINICIAN),
    )
    answer = _events(r.text)[-1][1]
    assert answer["article"]["status"] == "submitted"


def test_anonymous_cannot_ask_a_private_server(api: Any) -> None:
    r = api.client.post("/api/ask", json={"question": QUESTION})
    assert r.status_code == 401
    assert "API key" in r.json()["error"]["message"]
    assert api.client.get("/api/ask/stream", params={"question": QUESTION}).status_code == 401


def test_wrong_key_is_rejected(api: Any) -> None:
    r = api.client.post(
        "/api/ask", json={"question": QUESTION}, headers={"Authorization": "Bearer nope"}
    )
    assert r.status_code == 401 and r.json()["error"]["code"] == "unauthorized"


def test_input_limits_are_json_errors(api: Any) -> None:
    auth = api.auth(Role.READER)
    long = api.client.post("/api/ask", json={"question": "x" * 1500}, headers=auth)
    assert long.status_code == 422 and "limit is 1000" in long.json()["error"]["message"]
    empty = api.client.post("/api/ask", json={"question": ""}, headers=auth)
    assert empty.status_code == 422 and empty.json()["error"]["message"].startswith("question")
    bad = api.client.post(
        "/api/ask", json={"question": QUESTION, "audience": "alien"}, headers=auth
    )
    assert bad.status_code == 422 and bad.json()["error"]["fields"][0]["field"] == "audience"
    thread = api.client.post(
        "/api/ask", json={"question": QUESTION, "thread_id": "../etc"}, headers=auth
    )
    assert thread.status_code == 400 and "thread id" in thread.json()["error"]["message"]


def test_reader_cannot_save(api: Any) -> None:
    r = api.client.post(
        "/api/ask", json={"question": QUESTION, "save": True}, headers=api.auth(Role.READER)
    )
    assert r.status_code == 403 and "clinician" in r.json()["error"]["message"]
