"""The web page in headless Chromium (Debian's chromium driven by Playwright).

Ask, switch audience, hover a citation, follow up, save, and approve as a reviewer; on a
phone-sized screen too. Screenshots go to $MEDCITE_SCREENSHOT_DIR (docs/screenshots to
refresh the README's) or the test's temporary directory.
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from medcite.articles import Role
from medcite.server import ServerConfig, build_services, create_app
from medcite.settings import load_settings

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip
QUESTION = "Treatment options for bilateral L5 pars defect after a fall in a 22-year-old female"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(library_dir: Path, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A live server on loopback (uvicorn in a thread) and a reviewer's API key."""
    uvicorn = pytest.importorskip("uvicorn")
    settings = load_settings(library=library_dir, embedder="hash")
    config = ServerConfig(articles_db=str(tmp_path / "a.sqlite3"), open=True, workers=1)
    services = build_services(settings, config)
    _, key = services.users.add("dr.reviewer", Role.REVIEWER)
    port = _free_port()
    app = create_app(settings, services=services)
    srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started and time.monotonic() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}", key
    srv.should_exit = True
    thread.join(timeout=10)
    services.close()


@pytest.fixture
def page(tmp_path: Path) -> Iterator[Any]:
    """A Chromium page with a fresh profile."""
    if CHROMIUM is None:
        pytest.skip("chromium not installed (apt-get install -y chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True, args=FLAGS,
            viewport={"width": 1100, "height": 1000},
        )  # fmt: skip
        yield context.new_page()
        context.close()


def _shots(tmp_path: Path) -> Path:
    target = Path(os.environ.get("MEDCITE_SCREENSHOT_DIR") or tmp_path)
    target.mkdir(parents=True, exist_ok=True)
    return target


def test_ask_hover_follow_up_and_approve(
    server: tuple[str, str], page: Any, tmp_path: Path
) -> None:
    url, key = server
    shots = _shots(tmp_path)
    page.goto(url + "/")
    page.get_by_label("Your clinical question").fill(QUESTION)
    page.get_by_role("button", name="Ask", exact=True).click()
    title = page.locator("#answer-title")
    title.wait_for()
    assert "22-Year-Old Female" in title.inner_text()
    assert "pending human review" in page.locator("#answer .banner").inner_text()

    page.get_by_label("Patient").check()  # switch audience: the same question, re-written
    page.wait_for_function(
        "document.querySelector('.meta')?.textContent.includes('Written for: Patient')"
    )

    cite = page.locator("#answer button.cite").first
    cite.hover()
    popover = page.locator("#popover")
    popover.wait_for(state="visible")
    assert "[1]" in popover.inner_text() and "“" in popover.inner_text()
    page.screenshot(path=str(shots / "answer.png"), full_page=True)

    page.get_by_role("group", name="Which best describes you?").get_by_label("Clinician").check()
    page.wait_for_function("document.querySelector('.meta')?.textContent.includes('Clinician')")
    page.locator("#followup").fill("What about surgery?")
    page.get_by_role("button", name="Ask follow-up").click()
    page.wait_for_function(
        "document.getElementById('answer-title')?.textContent.includes('Surgery')"
    )
    assert "22-Year-Old Female" in title.inner_text()  # the patient's context carried over

    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    page.get_by_text("Signed in as dr.reviewer (reviewer)").wait_for()
    page.get_by_role("button", name="Save as article").click()
    page.get_by_text("submitted for review").wait_for()

    page.get_by_role("link", name="Review queue").click()
    page.locator("#review-list .list li").first.wait_for()
    page.screenshot(path=str(shots / "review-queue.png"), full_page=True)
    page.get_by_role("button", name="Start review").click()
    page.get_by_role("button", name="Approve").wait_for()
    page.get_by_label("Reviewer comment", exact=False).fill("References checked.")
    page.get_by_role("button", name="Approve").click()
    page.get_by_text("Nothing waits for review.").wait_for()

    page.get_by_role("link", name="Articles", exact=True).click()
    page.locator("#articles-list a.title").first.click()
    page.locator("#article-body .badge.status-approved").wait_for()
    assert page.locator("#article-body .banner").count() == 0
    assert "References checked." in page.locator("#article-log").inner_text()


def test_phone_layout_and_keyboard(server: tuple[str, str], page: Any) -> None:
    url, _ = server
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(url + "/")
    page.get_by_label("Your clinical question").fill("What is the treatment for pars defect?")
    page.keyboard.press("Tab")  # to the audience radios, then Ask, by keyboard only
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.locator("#answer-title").wait_for()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.locator("#answer button.cite").first.focus()
    page.locator("#popover").wait_for(state="visible")
    page.keyboard.press("Escape")
    assert page.locator("#popover").is_hidden()
