/* medcite web page: ask, follow up, read articles, review. Talks to the JSON API. */
"use strict";

const { h, renderAnswer, wireCitations, BANNER } = window.MedciteRender;
const $ = (id) => document.getElementById(id);
const ROLES = ["reader", "clinician", "reviewer", "admin"];
const state = { key: localStorage.getItem("medcite.key") || "", me: null, last: null, question: "", threadId: null };

function can(role) { return state.me && state.me.role && ROLES.indexOf(state.me.role) >= ROLES.indexOf(role); }

async function api(path, options = {}) {
  const headers = { ...(options.headers || {}) };
  if (state.key) headers.Authorization = `Bearer ${state.key}`;
  if (options.json !== undefined) { headers["Content-Type"] = "application/json"; options.body = JSON.stringify(options.json); }
  const res = await fetch(path, { ...options, headers });
  if (!res.ok) {
    let message = `${res.status} ${res.statusText}`;
    try { message = (await res.json()).error.message; } catch { /* not JSON */ }
    throw new Error(message);
  }
  return res;
}

/* ---- sign in ---------------------------------------------------------------------------- */
async function loadMe() {
  try { state.me = await (await api("/api/me")).json(); }
  catch (e) { state.me = null; if (state.key) { $("whoami").textContent = `Sign-in failed: ${e.message}`; } }
  const signedIn = state.me && state.me.role;
  $("whoami").textContent = signedIn ? `Signed in as ${state.me.name} (${state.me.role})` : ($("whoami").textContent.startsWith("Sign-in failed") ? $("whoami").textContent : "Not signed in");
  $("api-key").hidden = $("signin-btn").hidden = !!signedIn;
  $("signout-btn").hidden = !signedIn;
  document.querySelectorAll("[data-needs]").forEach((el) => { el.hidden = !can(el.dataset.needs); });
}

$("signin").addEventListener("submit", async (e) => {
  e.preventDefault();
  state.key = $("api-key").value.trim();
  localStorage.setItem("medcite.key", state.key);
  $("api-key").value = "";
  await loadMe(); route();
});
$("signout-btn").addEventListener("click", async () => { state.key = ""; localStorage.removeItem("medcite.key"); await loadMe(); route(); });

/* ---- asking (streamed over SSE with fetch, so the API key header can be sent) ------------- */
const STAGES = { analysing: "Analysing the question…", retrieving: "Searching the library…", composing: "Composing and verifying the answer…" };

async function askStream(question, audience, threadId) {
  const res = await api("/api/ask/stream", { method: "POST", json: { question, audience, thread_id: threadId || null } });
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let buffer = "", result = null;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += decoder.decode(value, { stream: true });
    let cut;
    while ((cut = buffer.indexOf("\n\n")) >= 0) {
      const block = buffer.slice(0, cut); buffer = buffer.slice(cut + 2);
      const event = (block.match(/^event: (.*)$/m) || [])[1];
      const data = JSON.parse((block.match(/^data: (.*)$/m) || [, "null"])[1]);
      if (event === "status") $("ask-status").textContent = STAGES[data.stage] || data.stage;
      else if (event === "token") { $("draft").hidden = false; $("draft").textContent += data.text; }
      else if (event === "answer") result = data;
      else if (event === "error") throw new Error(data.message);
    }
  }
  if (!result) throw new Error("the answer stream ended early; try again");
  return result;
}

function audience() { return document.querySelector("input[name=audience]:checked").value; }

async function ask(question, threadId) {
  const busy = [$("ask-btn"), $("followup-btn")];
  busy.forEach((b) => { b.disabled = true; });
  $("draft").textContent = ""; $("draft").hidden = true; $("save-status").textContent = "";
  try {
    const result = await askStream(question, audience(), threadId);
    state.last = result; state.question = question; state.threadId = result.answer.thread_id;
    showAnswer(result);
    $("ask-status").textContent = "Answer ready.";
  } catch (e) {
    $("ask-status").textContent = "";
    $("answer").replaceChildren(h("p", { class: "error", role: "alert" }, `Could not answer: ${e.message}`));
  } finally {
    busy.forEach((b) => { b.disabled = false; }); $("draft").hidden = true;
  }
}

function showAnswer(result) {
  const node = renderAnswer(result.answer, { status: "submitted", statusLabel: "Pending review", banner: BANNER });
  $("answer").replaceChildren(node);
  wireCitations(node, result.answer, result.passages);
  $("answer-actions").hidden = false;
  $("followup-form").hidden = false;
  $("suggestions").replaceChildren(...(result.answer.follow_ups || []).map((q) =>
    h("button", { type: "button", onclick: () => { $("followup").value = q; ask(q, state.threadId); } }, q)));
  node.querySelector("h1").focus();
}

$("ask-form").addEventListener("submit", (e) => { e.preventDefault(); const q = $("question").value.trim(); if (q) ask(q, null); });
$("followup-form").addEventListener("submit", (e) => { e.preventDefault(); const q = $("followup").value.trim(); if (q) { ask(q, state.threadId); $("followup").value = ""; } });
document.querySelectorAll("input[name=audience]").forEach((r) => r.addEventListener("change", () => {
  if (state.question) ask(state.question, null);  // same facts, rewritten for the new reader
}));
$("save-btn").addEventListener("click", async () => {
  try {
    const article = await (await api("/api/articles", { method: "POST", json: { answer: state.last.answer, passages: state.last.passages } })).json();
    $("save-status").replaceChildren("Saved: ", h("a", { href: `#/article/${article.slug}` }, article.title), " — submitted for review.");
  } catch (e) { $("save-status").replaceChildren(h("span", { class: "error" }, `Not saved: ${e.message}`)); }
});

/* ---- articles ---------------------------------------------------------------------------- */
function articleItem(a, extra) {
  return h("li", {},
    h("a", { class: "title", href: `#/article/${a.slug}` }, a.title), " ",
    h("span", { class: `badge status-${a.status}` }, STATUS[a.status] || a.status),
    h("div", { class: "muted" }, `${a.audience} · version ${a.version} · updated ${new Date(a.updated_at).toLocaleString()}`),
    a.stale_reason ? h("div", { class: "stale" }, `Re-review needed: ${a.stale_reason}`) : null, extra || null);
}
const STATUS = { submitted: "Submitted", under_review: "Under review", approved: "Approved", changes_requested: "Changes requested", rejected: "Rejected", stale: "Re-review needed" };

async function showArticles() {
  try {
    const list = await (await api("/api/articles?limit=100")).json();
    $("articles-list").replaceChildren(list.length ? h("ul", { class: "list" }, list.map((a) => articleItem(a))) : h("p", {}, "No articles yet. Ask a question and save the answer."));
  } catch (e) { $("articles-list").replaceChildren(h("p", { class: "error" }, e.message)); }
}

function reviewButtons(a, after) {
  const comment = h("textarea", { rows: 2, "aria-label": `Reviewer comment for ${a.title}`, placeholder: "Comment for the audit log" });
  const act = async (action) => {
    try { await api(`/api/articles/${a.slug}/review`, { method: "POST", json: { action, comment: comment.value } }); await after(); }
    catch (e) { alert(e.message); }
  };
  const buttons = [];
  if (["submitted", "stale"].includes(a.status)) buttons.push(h("button", { type: "button", onclick: () => act("start") }, "Start review"));
  if (a.status === "under_review") {
    buttons.push(h("button", { type: "button", class: "primary", onclick: () => act("approve") }, "Approve"));
    buttons.push(h("button", { type: "button", onclick: () => act("request-changes") }, "Request changes"));
    buttons.push(h("button", { type: "button", onclick: () => act("reject") }, "Reject"));
  }
  return buttons.length ? h("div", { class: "actions" }, comment, buttons) : null;
}

async function showArticle(slug, version) {
  try {
    const path = version ? `/api/articles/${slug}/versions/${version}` : `/api/articles/${slug}`;
    const view = await (await api(path)).json();
    const a = view.article;
    const node = renderAnswer(view.current.answer, { status: a.status, statusLabel: view.status_label, updated: a.updated_at, banner: view.banner, staleReason: a.stale_reason });
    $("article-body").replaceChildren(node);
    wireCitations(node, view.current.answer, view.current.passages);
    const versions = Array.from({ length: a.version }, (_, i) => i + 1);
    const picker = h("select", { id: "version-picker", onchange: (e) => { location.hash = `#/article/${slug}/v/${e.target.value}`; } },
      versions.map((v) => h("option", { value: v, selected: v === view.current.version }, `Version ${v}${v === a.version ? " (current)" : ""}`)));
    $("article-tools").replaceChildren(h("label", { for: "version-picker" }, "Version "), picker,
      h("a", { href: `/api/articles/${slug}/export?format=markdown` }, "Export Markdown"),
      can("reviewer") ? reviewButtons(a, () => showArticle(slug)) : null);
    $("article-log").replaceChildren(h("h2", { id: "log-heading" }, "Review history"),
      h("ol", { class: "log" }, view.events.map((e) => h("li", {}, `${new Date(e.at).toLocaleString()} — ${e.actor}: ${e.action.replace("_", " ")} (v${e.version}) → ${STATUS[e.to_status]}`, e.comment ? ` — “${e.comment}”` : ""))));
  } catch (e) { $("article-body").replaceChildren(h("p", { class: "error", role: "alert" }, e.message)); $("article-log").replaceChildren(); }
}

async function showQueue() {
  try {
    const list = await (await api("/api/review/queue")).json();
    $("review-list").replaceChildren(list.length ? h("ul", { class: "list" }, list.map((a) => articleItem(a, reviewButtons(a, showQueue)))) : h("p", {}, "Nothing waits for review."));
  } catch (e) { $("review-list").replaceChildren(h("p", { class: "error" }, e.message)); }
}

/* ---- routing ----------------------------------------------------------------------------- */
function route() {
  const hash = location.hash || "#/";
  const parts = hash.slice(2).split("/");
  const view = { "": "ask", articles: "articles", article: "article", review: "review" }[parts[0]] || "ask";
  document.querySelectorAll(".view").forEach((s) => { s.hidden = s.id !== `view-${view}`; });
  document.querySelectorAll("[data-nav]").forEach((a) => { if (a.dataset.nav === view) a.setAttribute("aria-current", "page"); else a.removeAttribute("aria-current"); });
  $("popover").hidden = true;
  if (view === "articles") showArticles();
  if (view === "article") showArticle(parts[1], parts[2] === "v" ? parts[3] : null);
  if (view === "review") showQueue();
}
window.addEventListener("hashchange", route);
loadMe().then(route);
