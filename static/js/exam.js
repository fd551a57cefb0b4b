// The exam screen (issue 11): one question at a time, navigation grid, 不作答, 註記, 附圖,
// zoom, timer, review — and autosave with a local journal so no answer is lost offline.
// Every change is the question's whole state with a sequence number one above the last; the
// journal (localStorage) keeps unsent changes and is replayed, in order, on reconnect. The
// server keeps the newest change of each question whatever order saves arrive in.
const root = document.getElementById("exam");
const csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
const label = (name) => root.dataset[name];
const journalKey = `cbt-journal-${root.dataset.attempt}`;
const seqKey = `cbt-seq-${root.dataset.attempt}`;
const items = [...document.querySelectorAll("section.item")];
const saveState = document.getElementById("save-state");
let seq = Math.max(Number(root.dataset.seq), Number(localStorage.getItem(seqKey) || 0));
let journal = JSON.parse(localStorage.getItem(journalKey) || "[]");
let sending = false;
let shownAt = Date.now();
let current = items.length ? items[0] : null;

const store = () => {
  localStorage.setItem(journalKey, JSON.stringify(journal));
  localStorage.setItem(seqKey, String(seq));
};
const choiceOf = (item) => item.querySelector("input[type=radio]:checked")?.value || "";
const flaggedOf = (item) => item.dataset.flagged === "1";

function mark(item) {
  const position = item.dataset.position;
  const button = document.getElementById(`go-${position}`);
  const choice = choiceOf(item);
  const flagged = flaggedOf(item);
  button.classList.toggle("answered", Boolean(choice));
  button.classList.toggle("flagged", flagged);
  const states = [choice ? label("labelAnswered") : label("labelEmpty")];
  if (flagged) states.push(label("labelFlagged"));
  button.setAttribute("aria-label", `${label("labelQuestion").replace("{n}", position)}：${states.join("、")}`);
  item.querySelector("button.flag").setAttribute("aria-pressed", String(flagged));
}

function status(text, offline) {
  saveState.textContent = text;
  saveState.classList.toggle("offline", Boolean(offline));
}

async function flush() {
  if (sending) return;
  sending = true;
  try {
    while (journal.length) {
      const change = journal[0];
      let response;
      try {
        response = await fetch(root.dataset.saveUrl, {
          method: "POST",
          headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
          body: JSON.stringify(change),
          credentials: "same-origin",
        });
      } catch {
        status(label("labelOffline"), true);
        return;
      }
      if (response.status === 409 || response.status === 403) {
        window.location.reload(); // submitted, ended, locked or signed in elsewhere: the server says
        return;
      }
      journal.shift(); // saved, kept a newer one, or refused as invalid: never resend
      store();
    }
    status(label("labelSaved"), false);
  } finally {
    sending = false;
  }
}

function record(item) {
  const now = Date.now();
  seq += 1;
  journal.push({
    position: Number(item.dataset.position),
    choice: choiceOf(item),
    flagged: flaggedOf(item),
    seq,
    spent: Math.min(3600, Math.round((now - shownAt) / 1000)),
  });
  shownAt = now;
  store();
  mark(item);
  status(navigator.onLine ? label("labelSaving") : label("labelOffline"), !navigator.onLine);
  flush();
}

function show(target) {
  const review = document.getElementById("review");
  for (const item of items) item.hidden = item !== target;
  review.hidden = target !== review;
  if (target === review) fillReview();
  current = target;
  shownAt = Date.now();
  for (const button of document.querySelectorAll("button.go")) button.removeAttribute("aria-current");
  const id = target === review ? "go-review" : `go-${target.dataset.position}`;
  document.getElementById(id).setAttribute("aria-current", "step");
  (target.querySelector("legend, h2") || target).focus?.();
}

function fillReview() {
  for (const [listId, wanted] of [["review-empty", (i) => !choiceOf(i)], ["review-flagged", flaggedOf]]) {
    const list = document.getElementById(listId);
    list.replaceChildren(
      ...items.filter(wanted).map((item) => {
        const li = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = label("labelQuestion").replace("{n}", item.dataset.position);
        button.addEventListener("click", () => show(item));
        li.append(button);
        return li;
      }),
    );
  }
}

for (const item of items) {
  mark(item);
  item.querySelector("legend").tabIndex = -1;
  for (const radio of item.querySelectorAll("input[type=radio]")) radio.addEventListener("change", () => record(item));
  item.querySelector("button.clear").addEventListener("click", () => {
    for (const radio of item.querySelectorAll("input[type=radio]")) radio.checked = false;
    record(item);
  });
  item.querySelector("button.flag").addEventListener("click", () => {
    item.dataset.flagged = flaggedOf(item) ? "0" : "1";
    record(item);
  });
  const index = items.indexOf(item);
  item.querySelector("button.prev")?.addEventListener("click", () => show(items[index - 1]));
  item.querySelector("button.next").addEventListener("click", () =>
    show(items[index + 1] || document.getElementById("review")),
  );
  item.querySelector("button.show-figure")?.addEventListener("click", (event) => {
    const dialog = document.getElementById("figure-dialog");
    document.getElementById("figure-img").src = event.currentTarget.dataset.src;
    dialog.showModal();
  });
}
for (const button of document.querySelectorAll("button.go")) {
  button.addEventListener("click", () => {
    const go = button.dataset.go;
    show(go === "review" ? document.getElementById("review") : document.getElementById(`q-${go}`));
  });
}

// Replay what a previous page of this attempt could not send (same browser), newest state wins.
for (const change of journal) {
  const item = document.getElementById(`q-${change.position}`);
  if (!item) continue;
  for (const radio of item.querySelectorAll("input[type=radio]")) radio.checked = radio.value === change.choice;
  item.dataset.flagged = change.flagged ? "1" : "0";
  mark(item);
}
window.addEventListener("online", flush);
window.addEventListener("offline", () => status(label("labelOffline"), true));
setInterval(flush, 5000);
flush();

// Zoom 100–250% by steps of 25 (classes on <html>; the layout reflows, no horizontal scroll).
const zooms = [100, 125, 150, 175, 200, 225, 250];
let zoom = Number(localStorage.getItem("cbt-zoom") || 100);
function applyZoom() {
  for (const z of zooms) document.documentElement.classList.toggle(`zoom-${z}`, z === zoom);
  document.getElementById("zoom-level").textContent = `${zoom}%`;
  localStorage.setItem("cbt-zoom", String(zoom));
}
document.getElementById("zoom-in").addEventListener("click", () => {
  zoom = zooms[Math.min(zooms.length - 1, zooms.indexOf(zoom) + 1)];
  applyZoom();
});
document.getElementById("zoom-out").addEventListener("click", () => {
  zoom = zooms[Math.max(0, zooms.indexOf(zoom) - 1)];
  applyZoom();
});
if (!zooms.includes(zoom)) zoom = 100;
applyZoom();

// Timer to the candidate's own end; at zero the server submits (reload shows it).
const timer = document.getElementById("timer");
let endsAt = Date.now() + Number(root.dataset.secondsLeft) * 1000;
function tick() {
  const left = Math.max(0, Math.round((endsAt - Date.now()) / 1000));
  const h = Math.floor(left / 3600);
  const m = String(Math.floor((left % 3600) / 60)).padStart(2, "0");
  const s = String(left % 60).padStart(2, "0");
  timer.textContent = `${h}:${m}:${s}`;
  if (left === 0) {
    flush().finally(() => window.location.reload());
    return;
  }
  setTimeout(tick, 1000);
}
async function refreshClock() {
  try {
    const response = await fetch(root.dataset.stateUrl, { credentials: "same-origin" });
    if (!response.ok) return;
    const state = await response.json();
    if (state.status !== "in_progress") window.location.reload();
    endsAt = Date.now() + state.seconds_left * 1000;
  } catch {
    /* offline: keep counting */
  }
}
setInterval(refreshClock, 30000);
tick();
// Every handler is attached: tests (and the proctor's support staff) can tell the screen is live.
root.dataset.ready = "1";
