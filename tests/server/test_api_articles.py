"""Articles, versions, review actions, roles and public reading over HTTP."""

from __future__ import annotations

from typing import Any

from medcite.articles import Role

QUESTION = "What is the treatment for pars defect?"


def _save(api: Any) -> dict[str, Any]:
    r = api.client.post(
        "/api/ask", json={"question": QUESTION, "save": True}, headers=api.auth(Role.CLINICIAN)
    )
    assert r.status_code == 200
    article: dict[str, Any] = r.json()["article"]
    return article


def _review(api: Any, slug: str, action: str, role: Role = Role.REVIEWER) -> Any:
    return api.client.post(
        f"/api/articles/{slug}/review",
        json={"action": action, "comment": f"{action} ok"},
        headers=api.auth(role),
    )


def test_article_round_trip_with_banner_until_approved(api: Any) -> None:
    slug = _save(api)["slug"]
    view = api.client.get(f"/api/articles/{slug}", headers=api.auth(Role.READER)).json()
    assert view["status_label"] == "Submitted"
    assert view["banner"] == "Educational purpose only • content is pending human review"
    assert view["current"]["passages"] and "Submitted" in view["current"]["html"]
    assert _review(api, slug, "start").json()["status"] == "under_review"
    assert _review(api, slug, "approve").json()["status"] == "approved"
    view = api.client.get(f"/api/articles/{slug}", headers=api.auth(Role.READER)).json()
    assert view["banner"] is None and "pending human review" not in view["current"]["html"]
    actions = [(e["actor"], e["action"]) for e in view["events"]]
    assert actions == [
        ("clinician-user", "create"),
        ("reviewer-user", "start"),
        ("reviewer-user", "approve"),
    ]


def test_reader_cannot_approve(api: Any) -> None:
    slug = _save(api)["slug"]
    r = _review(api, slug, "start", Role.READER)
    assert r.status_code == 403
    assert r.json()["error"] == {
        "status": 403,
        "code": "forbidden",
        "message": "your role is reader; this needs reviewer or higher",
    }
    assert _review(api, slug, "approve", Role.CLINICIAN).status_code == 403


def test_invalid_transition_is_a_conflict(api: Any) -> None:
    slug = _save(api)["slug"]
    r = _review(api, slug, "approve")
    assert r.status_code == 409 and "allowed from: Under review" in r.json()["error"]["message"]
    assert _review(api, slug, "dance").status_code == 409


def test_new_version_goes_back_to_submitted_and_old_stays_readable(api: Any) -> None:
    slug = _save(api)["slug"]
    _review(api, slug, "start")
    _review(api, slug, "approve")
    r = api.client.post(
        f"/api/articles/{slug}/versions",
        json={"regenerate": True, "note": "library updated"},
        headers=api.auth(Role.CLINICIAN),
    )
    assert r.status_code == 201 and r.json()["version"] == 2 and r.json()["status"] == "submitted"
    versions = api.client.get(f"/api/articles/{slug}/versions", headers=api.auth(Role.READER))
    assert [v["version"] for v in versions.json()] == [1, 2]
    old = api.client.get(f"/api/articles/{slug}/versions/1", headers=api.auth(Role.READER))
    assert old.status_code == 200 and old.json()["current"]["version"] == 1
    missing = api.client.get(f"/api/articles/{slug}/versions/9", headers=api.auth(Role.READER))
    assert missing.status_code == 404 and "versions 1 to 2" in missing.json()["error"]["message"]


def test_save_answer_posted_back(api: Any) -> None:
    body = api.client.post(
        "/api/ask", json={"question": QUESTION}, headers=api.auth(Role.CLINICIAN)
    ).json()
    r = api.client.post(
        "/api/articles",
        json={"answer": body["answer"], "passages": body["passages"]},
        headers=api.auth(Role.CLINICIAN),
    )
    assert r.status_code == 201
    listed = api.client.get("/api/articles", headers=api.auth(Role.READER)).json()
    assert [a["slug"] for a in listed] == [r.json()["slug"]]
    md = api.client.get(f"/api/articles/{r.json()['slug']}/export", headers=api.auth(Role.READER))
    assert md.text.startswith("# Treatment for Pars Defect")


def test_review_queue_is_for_reviewers(api: Any) -> None:
    slug = _save(api)["slug"]
    assert api.client.get("/api/review/queue", headers=api.auth(Role.CLINICIAN)).status_code == 403
    queue = api.client.get("/api/review/queue", headers=api.auth(Role.REVIEWER)).json()
    assert [a["slug"] for a in queue] == [slug]


def test_public_read_shows_only_approved_articles(public_api: Any) -> None:
    api = public_api
    pending, approved = _save(api)["slug"], _save(api)["slug"]
    _review(api, approved, "start")
    _review(api, approved, "approve")
    assert [a["slug"] for a in api.client.get("/api/articles").json()] == [approved]
    assert api.client.get(f"/api/articles/{approved}").status_code == 200
    assert api.client.get(f"/api/articles/{pending}").status_code == 404
    assert api.client.post("/api/ask", json={"question": QUESTION}).status_code == 401


def test_private_server_hides_articles_from_anonymous(api: Any) -> None:
    slug = _save(api)["slug"]
    assert api.client.get(f"/api/articles/{slug}").status_code == 401
    assert api.client.get("/api/articles").status_code == 401
