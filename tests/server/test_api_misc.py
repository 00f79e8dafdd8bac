"""Library search, ingest upload with staleness, users, OpenAPI, errors and rate limits."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from medcite.articles import Role
from medcite.server import create_app

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "server"


def test_openapi_lists_every_route(api: Any) -> None:
    paths = api.client.get("/api/openapi.json").json()["paths"]
    for path in (
        "/api/ask", "/api/ask/stream", "/api/articles", "/api/articles/{slug}",
        "/api/articles/{slug}/versions", "/api/articles/{slug}/review", "/api/review/queue",
        "/api/library/search", "/api/library/ingest", "/api/users",
    ):  # fmt: skip
        assert path in paths


def test_search(api: Any) -> None:
    r = api.client.get("/api/library/search", params={"q": "gout colchicine", "k": 2},
                       headers=api.auth(Role.READER))  # fmt: skip
    assert r.status_code == 200 and r.json()["hits"][0]["doc_id"] == "srv-gout-1"


def test_ingest_upload_flags_stale_articles(
    library_factory: Callable[..., Path], tmp_path: Path, make_api_for: Callable[..., Any]
) -> None:
    lib = library_factory(tmp_path / "lib", FIXTURES / "library.jsonl")
    api = make_api_for(lib)
    saved = api.client.post(
        "/api/ask",
        json={"question": "What is the treatment for pars defect?", "save": True},
        headers=api.auth(Role.CLINICIAN),
    ).json()["article"]
    upload = {"file": ("newer.jsonl", (FIXTURES / "newer_guideline.jsonl").read_bytes())}
    assert (
        api.client.post(
            "/api/library/ingest", files=upload, headers=api.auth(Role.REVIEWER)
        ).status_code
        == 403
    )
    r = api.client.post("/api/library/ingest", files=upload, headers=api.auth(Role.ADMIN))
    assert r.status_code == 200, r.text
    assert r.json()["summary"]["added"] == 1
    assert [s["slug"] for s in r.json()["stale"]] == [saved["slug"]]
    article = api.client.get(f"/api/articles/{saved['slug']}", headers=api.auth(Role.READER)).json()
    assert article["article"]["status"] == "stale"
    assert "Updated guideline" in article["article"]["stale_reason"]
    assert [e["action"] for e in article["events"]] == ["create", "flag_stale"]


def test_upload_type_and_size_limits(api: Any) -> None:
    bad = api.client.post("/api/library/ingest", files={"file": ("x.exe", b"MZ")},
                          headers=api.auth(Role.ADMIN))  # fmt: skip
    assert bad.status_code == 415 and ".jsonl" in bad.json()["error"]["message"]
    empty = api.client.post("/api/library/ingest", files={"file": ("x.jsonl", b"")},
                            headers=api.auth(Role.ADMIN))  # fmt: skip
    assert empty.status_code == 422


def test_only_admins_manage_users(api: Any) -> None:
    r = api.client.post("/api/users", json={"name": "dr.x", "role": "reviewer"},
                        headers=api.auth(Role.REVIEWER))  # fmt: skip
    assert r.status_code == 403
    r = api.client.post("/api/users", json={"name": "dr.x", "role": "reviewer"},
                        headers=api.auth(Role.ADMIN))  # fmt: skip
    assert r.status_code == 201
    me = api.client.get("/api/me", headers={"Authorization": f"Bearer {r.json()['api_key']}"})
    assert me.json()["role"] == "reviewer"


def test_unknown_route_and_internal_errors_are_json_without_traces(api: Any) -> None:
    r = api.client.get("/api/nothing-here")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"

    def boom(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals /etc/passwd")

    api.client.app.state.services.articles.find = boom
    r = api.client.get("/api/articles", headers=api.auth(Role.READER))
    assert r.status_code == 500
    assert "incident" in r.json()["error"]["message"]
    assert "secret" not in r.text and "Traceback" not in r.text


def test_rate_limit(library_dir: Path, tmp_path: Path, services_for: Callable[..., Any]) -> None:
    services = services_for(library_dir, tmp_path, rate_per_minute=60, rate_burst=2)
    with TestClient(create_app(services.settings, services=services)) as client:
        codes = [client.get("/api/me").status_code for _ in range(3)]
        assert codes == [200, 200, 429]
        r = client.get("/api/me")
        assert r.json()["error"]["code"] == "rate_limited" and int(r.headers["retry-after"]) >= 1


def test_web_page_is_served(api: Any) -> None:
    page = api.client.get("/")
    assert page.status_code == 200 and "Which best describes you?" in page.text
    assert api.client.get("/static/app.js").status_code == 200
    assert "Editorial policy" in api.client.get("/editorial-policy").text
