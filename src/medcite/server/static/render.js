/* Renders an Answer (the JSON of /api/ask and /api/articles/{slug}) as DOM nodes.
   Text is always set with textContent: evidence is data and never becomes markup. */
(() => {
"use strict";

const BANNER = "Educational purpose only • content is pending human review";
const STRENGTH = { guideline: "strong", systematic_review: "strong", rct: "strong", cohort: "moderate",
  case_series: "moderate", narrative_review: "weak", expert_opinion: "weak", other: "weak" };

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const c of children.flat(Infinity)) if (c !== null && c !== undefined && c !== false) el.append(c instanceof Node ? c : String(c));
  return el;
}

function safeUrl(url) {
  if (!url) return null;
  try { const u = new URL(url.trim()); return ["http:", "https:"].includes(u.protocol) ? u.href : null; } catch { return null; }
}

function refLinks(ref) {
  const links = [];
  if (ref.pmid && /^\d+$/.test(ref.pmid.trim())) links.push([`PMID: ${ref.pmid.trim()}`, `https://pubmed.ncbi.nlm.nih.gov/${ref.pmid.trim()}/`]);
  if (ref.doi) {
    const doi = ref.doi.trim().replace(/^(https?:\/\/(dx\.)?doi\.org\/|doi:\s*)/i, "");
    if (doi.startsWith("10.")) links.push([`doi:${doi}`, "https://doi.org/" + encodeURI(doi)]);
  }
  const src = safeUrl(ref.url);
  if (src && !links.some(([, u]) => u === src)) links.push([src, src]);
  return links;
}

function sourceText(ref) {
  const title = (ref.title || "Untitled source").replace(/\.$/, "");
  const venue = (ref.journal || ref.publisher || "").replace(/\.$/, "");
  const tail = [venue, ref.year || ""].filter(Boolean).join(", ");
  return tail ? `${title}. ${tail}.` : `${title}.`;
}

function cites(numbers, refs) {
  const nums = [...new Set(numbers || [])].sort((a, b) => a - b);
  if (!nums.length) return null;
  const parts = [];
  nums.forEach((n, i) => {
    if (i) parts.push(", ");
    parts.push(refs.has(n) ? h("button", { type: "button", class: "cite", "data-n": n, "aria-label": `Citation ${n}: show source` }, n) : String(n));
  });
  return h("sup", {}, parts);
}

function item(it, refs) {
  const points = (it.points || []).length ? h("ul", {}, it.points.map((p) => h("li", {}, p))) : null;
  return [it.text, " ", cites(it.citations, refs), points];
}

function hasContent(s) { return (s.items || []).length > 0 || (s.subsections || []).some(hasContent); }

function sections(list, depth, refs) {
  const out = [];
  for (const s of list || []) {
    if (!hasContent(s)) continue;
    out.push(h(`h${Math.min(depth + 2, 6)}`, {}, s.heading));
    if ((s.items || []).length) out.push(h("ul", {}, s.items.map((it) => h("li", {}, item(it, refs)))));
    out.push(...sections(s.subsections, depth + 1, refs));
  }
  return out;
}

function contextLine(c) {
  if (!c) return "";
  const age = c.age_years != null ? (c.age_years < 1 ? `${Math.round(c.age_years * 12)}-month-old` : `${c.age_years}-year-old`) : c.age_group;
  const parts = [age, c.sex, c.site, c.laterality, c.mechanism, c.acuity,
    c.pregnant == null ? null : (c.pregnant ? "pregnant" : "not pregnant"),
    ...(c.setting || []), ...(c.comorbidities || []), ...(c.drugs || []), ...(c.negations || []).map((n) => `no ${n}`)].filter(Boolean);
  return parts.length ? "Patient: " + parts.join(" · ") : "";
}

function verificationLine(v) {
  let t = `Citations verified: ${v.checked} checked, ${v.kept} kept, ${v.reattributed} re-attributed, ${v.dropped} dropped`;
  if (v.removed_citations) t += `, ${v.removed_citations} invalid citation number${v.removed_citations === 1 ? "" : "s"} removed`;
  return t;
}

/* meta: {status, statusLabel, updated, banner, staleReason} */
function renderAnswer(answer, meta) {
  const refs = new Map((answer.references || []).map((r) => [r.n, r]));
  const when = meta.updated ? new Date(meta.updated) : new Date();
  const art = h("article", { class: "medcite-answer", "aria-labelledby": "answer-title" });
  if (answer.urgent_notice) art.append(h("div", { class: "urgent", role: "alert" }, h("strong", {}, "Urgent: "), answer.urgent_notice));
  art.append(h("header", {},
    h("h1", { id: "answer-title", tabindex: "-1" }, answer.title),
    meta.banner ? h("p", { class: "banner", role: "note" }, meta.banner) : null,
    meta.staleReason ? h("p", { class: "stale", role: "note" }, h("strong", {}, "Re-review needed: "), meta.staleReason) : null,
    h("p", { class: "meta" },
      h("span", { class: `badge status-${meta.status}` }, meta.statusLabel), " ",
      h("span", {}, "Last updated ", h("time", { datetime: when.toISOString() }, when.toLocaleDateString(undefined, { year: "numeric", month: "long", day: "numeric" }))),
      " · ", `Written for: ${answer.audience[0].toUpperCase()}${answer.audience.slice(1)}`,
      answer.reading_level != null ? ` (reading grade ${answer.reading_level.toFixed(1)})` : ""),
    contextLine(answer.context) ? h("p", { class: "context" }, contextLine(answer.context)) : null));
  if (answer.abstained) {
    art.append(h("section", { class: "abstained", role: "status" }, h("h2", {}, "Not enough evidence"), h("p", {}, answer.bottom_line.text || "The evidence found was too thin to answer this question safely."),
      (answer.searched || []).length ? [h("h3", {}, "What was searched"), h("ul", {}, answer.searched.map((s) => h("li", {}, s)))] : null));
  } else if (answer.bottom_line && answer.bottom_line.text) {
    art.append(h("section", { class: "bottom-line", "aria-labelledby": "bl-h" }, h("h2", { id: "bl-h" }, "Bottom line"), h("p", {}, item(answer.bottom_line, refs))));
  }
  art.append(...sections(answer.sections, 0, refs));
  if ((answer.warnings || []).length) art.append(h("section", { class: "warnings" }, h("h2", {}, "Warnings"), h("ul", {}, answer.warnings.map((w) => h("li", {}, w)))));
  if (refs.size) {
    art.append(h("section", { class: "references", "aria-labelledby": "refs-h" }, h("h2", { id: "refs-h" }, "References"),
      h("ol", {}, answer.references.map((r) => h("li", { id: `ref-${r.n}`, value: r.n },
        sourceText(r), " ",
        refLinks(r).map(([label, url], i) => [i ? " · " : "", h("a", { href: url, rel: "nofollow noopener", target: "_blank" }, label)]), " ",
        h("span", { class: `badge level-${r.evidence_level} strength-${STRENGTH[r.evidence_level] || "weak"}` }, r.evidence_label))))));
  }
  art.append(h("p", { class: "verification" }, verificationLine(answer.verification)));
  art.append(h("footer", {},
    h("p", { class: "disclaimer" }, answer.disclaimer, " ", h("a", { href: "/editorial-policy" }, "Editorial policy")),
    h("p", { class: "provenance" }, [`Composer: ${answer.composer}`, `Model: ${answer.model || "none"}`, answer.settings_hash && `Settings: ${answer.settings_hash}`, answer.library_version && `Library: ${answer.library_version}`].filter(Boolean).join(" • "))));
  return art;
}

/* Hover, focus or tap a citation number: the cited passage and its reference. */
function wireCitations(root, answer, passages) {
  const pop = document.getElementById("popover");
  const refs = new Map((answer.references || []).map((r) => [r.n, r]));
  const byN = new Map();
  for (const p of passages || []) if (!byN.has(p.n)) byN.set(p.n, p);
  let pinned = null;
  const show = (btn) => {
    const n = Number(btn.dataset.n), ref = refs.get(n), p = byN.get(n);
    pop.replaceChildren(
      p ? h("p", { class: "passage" }, `“${p.text.length > 400 ? p.text.slice(0, 399) + "…" : p.text}”`) : null,
      h("p", { class: "ref" }, `[${n}] `, sourceText(ref), " ", h("span", { class: `badge strength-${STRENGTH[ref.evidence_level] || "weak"}` }, ref.evidence_label)));
    pop.id = "popover";
    btn.setAttribute("aria-describedby", "popover");
    pop.hidden = false;
    const r = btn.getBoundingClientRect();
    const left = Math.max(8, Math.min(window.scrollX + r.left - 20, window.scrollX + document.documentElement.clientWidth - pop.offsetWidth - 8));
    pop.style.left = `${left}px`;
    pop.style.top = `${window.scrollY + r.bottom + 6}px`;
  };
  const hide = () => { pop.hidden = true; pinned = null; };
  root.querySelectorAll("button.cite").forEach((btn) => {
    btn.addEventListener("mouseenter", () => show(btn));
    btn.addEventListener("mouseleave", () => { if (pinned !== btn) hide(); });
    btn.addEventListener("focus", () => show(btn));
    btn.addEventListener("blur", () => { if (pinned !== btn) hide(); });
    btn.addEventListener("click", (e) => { e.preventDefault(); if (pinned === btn) hide(); else { show(btn); pinned = btn; } });
  });
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") hide(); });
}

window.MedciteRender = { h, renderAnswer, wireCitations, BANNER };
})();
