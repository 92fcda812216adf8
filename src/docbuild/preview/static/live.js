// docbuild preview: follow the server's event stream; reload the paper's frame when a new
// page is built (keeping the scroll), show a failed build's error above the last good page,
// list the findings and mark the citations and references they concern in the page.
"use strict";

const frame = document.getElementById("paper");
const statusLine = document.getElementById("status");
const errorBox = document.getElementById("error");
const pdfLink = document.getElementById("pdf");
const pdfStatus = document.getElementById("pdf-status");
const list = document.querySelector("#findings ol");
let shownPage = 0;
let findings = [];

function say(element, text, kind) {
  element.textContent = text;
  element.className = kind || "";
}

function reloadFrame(page) {
  const win = frame.contentWindow;
  const x = win ? win.scrollX : 0;
  const y = win ? win.scrollY : 0;
  frame.addEventListener("load", () => {
    frame.contentWindow.scrollTo(x, y);
    markPage();
    document.body.dataset.page = String(page);
  }, { once: true });
  frame.src = "/paper.html?page=" + page;
}

// The places in the paper a finding is about: the citations of its key and its reference
// entry, the citations first for a finding in the manuscript, the entry first for one in refs.bib.
function placesOf(finding) {
  const doc = frame.contentDocument;
  if (!doc || !finding.key) return [];
  const cites = Array.from(doc.querySelectorAll("[data-cites]")).filter(
    (cite) => cite.dataset.cites.split(" ").includes(finding.key));
  const entry = doc.getElementById("ref-" + finding.key);
  const entries = entry ? [entry] : [];
  return finding.file.endsWith(".md") ? [...cites, ...entries] : [...entries, ...cites];
}

function markPage() {
  const doc = frame.contentDocument;
  if (!doc || !doc.body) return;
  for (const old of doc.querySelectorAll("[data-docbuild-finding]")) {
    old.style.outline = "";
    old.removeAttribute("title");
    delete old.dataset.docbuildFinding;
  }
  for (const finding of findings) {
    for (const place of placesOf(finding)) {
      const worst = place.dataset.docbuildFinding === "error" ? "error" : finding.severity;
      place.dataset.docbuildFinding = worst;
      place.style.outline = worst === "error" ? "2px solid #c00" : "2px dotted #d90";
      const text = finding.rule + " " + finding.message;
      place.title = place.title ? place.title + "\n" + text : text;
    }
  }
}

function findingItem(finding) {
  const item = document.createElement("li");
  item.className = finding.severity;
  item.dataset.rule = finding.rule;
  const where = document.createElement("a");
  where.className = "where";
  const line = finding.line > 0 ? ":" + finding.line : "";
  where.textContent = finding.file + line;
  if (finding.file.endsWith(".md") && finding.line > 0) {
    where.href = "/_preview/source/" + encodeURI(finding.file) + "#L" + finding.line;
    where.target = "_blank";
  }
  item.append(where, " " + finding.severity + " " + finding.rule + " ");
  if (finding.key) item.append("[" + finding.key + "] ");
  const message = document.createElement("span");
  message.className = "message";
  message.textContent = finding.message;
  item.append(message);
  if (finding.fix) {
    const fix = document.createElement("div");
    fix.className = "fix";
    fix.textContent = "fix: " + finding.fix;
    item.append(fix);
  }
  if (placesOf(finding).length > 0) {
    const show = document.createElement("button");
    show.type = "button";
    show.textContent = "show in the page";
    show.addEventListener("click", () => {
      const places = placesOf(finding);
      if (places.length) places[0].scrollIntoView({ block: "center" });
    });
    item.append(" ", show);
  }
  return item;
}

function render(state) {
  if (state.building) say(statusLine, "building", "building");
  else if (state.error) say(statusLine, "the last edit failed", "failed");
  else say(statusLine, "up to date (build " + state.generation + ", " + state.took + " s)", "");
  errorBox.hidden = !state.error;
  errorBox.querySelector("pre").textContent = state.error || "";
  findings = state.findings || [];
  document.getElementById("count").textContent = "(" + findings.length + ")";
  list.replaceChildren(...findings.map(findingItem));
  if (state.page > 0 && state.page !== shownPage) {
    shownPage = state.page;
    reloadFrame(state.page);
  } else {
    markPage();
  }
  const pdf = state.pdf || {};
  if (pdf.page > 0) pdfLink.href = "/paper.pdf?page=" + pdf.page;
  if (pdf.building) say(pdfStatus, "rendering the PDF", "building");
  else if (pdf.error) say(pdfStatus, "PDF failed: " + pdf.error, "failed");
  else say(pdfStatus, pdf.page > 0 ? "PDF of build " + pdf.page : "", "");
  document.body.dataset.generation = String(state.generation);
}

const events = new EventSource("/_preview/events");
events.addEventListener("state", (event) => render(JSON.parse(event.data)));
// The browser tries again by itself; until then the page says the preview is not answering.
events.addEventListener("error", () => {
  say(statusLine, "the preview is not answering (stopped?)", "failed");
});
