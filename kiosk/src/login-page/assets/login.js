// The login screen's small script: clock, status polling, login/logout without reloads, and
// the VM's screen through noVNC in `vnc` display mode. The page works without it (plain forms).
const $ = (id) => document.getElementById(id);
const body = document.body;
const busyStates = new Set(["authenticating", "starting", "stopping"]);
let rfb = null;
let isVncStarting = false;
let lastState = body.dataset.state;
/** The message of the last refused login, shown until the next attempt. */
let refusal = null;

function tickClock() {
  const timeZone = body.dataset.timezone || "Europe/Paris";
  const now = new Date();
  $("clock").textContent = new Intl.DateTimeFormat("fr-FR", {
    timeZone,
    hour: "2-digit",
    minute: "2-digit",
  }).format(now);
  $("date").textContent = new Intl.DateTimeFormat("fr-FR", {
    timeZone,
    weekday: "long",
    day: "numeric",
    month: "long",
  }).format(now);
}

function line(cls, label, strong, time) {
  const p = document.createElement("p");
  p.className = cls;
  const l = document.createElement("span");
  l.className = "label";
  l.textContent = label;
  p.append(l);
  if (strong) {
    const s = document.createElement("strong");
    s.textContent = ` ${strong} `;
    p.append(s);
  }
  if (time) {
    const t = document.createElement("span");
    t.className = "time";
    t.textContent = time;
    p.append(t);
  }
  return p;
}

function show(id, visible) {
  $(id).hidden = !visible;
}

function apply(v) {
  body.dataset.state = v.state;
  body.dataset.timezone = v.timezone;
  $("room").textContent = v.room;
  const sessions = $("sessions");
  sessions.replaceChildren(
    v.current
      ? line("now", "Session en cours", v.current.title, `${v.current.from} – ${v.current.to}`)
      : line("now", "Aucune session en cours"),
    ...(v.next ? [line("next", "Prochaine session", v.next.title, `à ${v.next.from}`)] : []),
  );
  const isRunning = v.state === "running";
  const isBusy = busyStates.has(v.state);
  show("login-form", !isRunning && v.state !== "stopping");
  for (const id of ["username", "password", "submit"]) $(id).disabled = isBusy;
  show("session-bar", isRunning);
  $("bar-of").textContent = v.userOf ?? "de ";
  $("bar-user").textContent = v.user ? v.user.displayName || v.user.username : "";
  $("bar-training").textContent = v.session ? v.session.trainingTitle : v.master ? v.master.name : "";
  show("confirm-presence-row", Boolean(v.session));
  show("tcg-banner", isRunning && v.accel === "tcg");
  $("tcg-reason").textContent = v.accelReason ?? "";
  $("system-notice").textContent = v.systemNotice ?? "";
  show("system-notice", Boolean(v.systemNotice) && !isRunning);
  $("end-warning").textContent = v.endWarning?.text ?? "";
  $("end-warning").dataset.level = v.endWarning?.level ?? "";
  show("end-warning", Boolean(v.endWarning));
  if (!isRunning && $("logout-dialog").open) $("logout-dialog").close("stay");
  $("busy").textContent =
    {
      authenticating: "Vérification de vos identifiants…",
      starting: "Démarrage de votre poste de travail…",
      stopping: "Fermeture de la session, effacement des données…",
    }[v.state] ?? "";
  show("busy", isBusy);
  // A refused login's message stays until the next attempt or session, not just until the next poll.
  if (v.state !== "idle") refusal = null;
  const message = v.message ?? refusal;
  $("message").textContent = message ?? "";
  show("message", Boolean(message));
  if (isRunning && v.hasVnc && !rfb && !isVncStarting) connectVnc();
  if (!isRunning && rfb) disconnectVnc();
  // Back at the login screen after a session: clear it for the next person. Not after a refused
  // login: the person may already be typing the password again.
  if (v.state === "idle" && (lastState === "running" || lastState === "stopping")) {
    $("password").value = "";
    $("username").value = "";
    $("username").focus();
  }
  lastState = v.state;
}

async function connectVnc() {
  const target = $("vnc");
  target.hidden = false;
  isVncStarting = true;
  const { default: RFB } = await import("/novnc/core/rfb.js").finally(() => {
    isVncStarting = false;
  });
  if (body.dataset.state !== "running") return;
  const scheme = location.protocol === "https:" ? "wss" : "ws";
  rfb = new RFB(target, `${scheme}://${location.host}/vnc`);
  rfb.scaleViewport = true;
  rfb.focusOnClick = true;
  rfb.addEventListener("connect", () => rfb?.focus());
  rfb.addEventListener("disconnect", () => {
    rfb = null;
  });
}

function disconnectVnc() {
  rfb?.disconnect();
  rfb = null;
  $("vnc").hidden = true;
  $("vnc").replaceChildren();
}

async function poll() {
  try {
    const r = await fetch("/status", { cache: "no-store" });
    if (r.ok) apply(await r.json());
  } catch {
    // The agent restarts under systemd: keep the last screen and try again next second.
  }
}

$("login-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const username = $("username").value.trim();
  const password = $("password").value;
  $("message").hidden = true;
  refusal = null;
  for (const id of ["username", "password", "submit"]) $(id).disabled = true;
  const r = await fetch("/session", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ username, password }),
  }).catch(() => null);
  const answer = r ? await r.json().catch(() => null) : null;
  if (r?.ok && answer) return apply(answer);
  for (const id of ["username", "password", "submit"]) $(id).disabled = false;
  refusal = answer?.error?.message ?? "Le poste ne répond pas : réessayez dans un instant.";
  $("message").textContent = refusal;
  $("message").hidden = false;
  $("password").value = "";
  (answer?.error?.code === "unauthenticated" ? $("password") : $("username")).focus();
});

// Logging out erases the session's work: ask first, in the page's own dialog.
$("logout-form").addEventListener("submit", (event) => {
  event.preventDefault();
  $("logout-dialog").returnValue = "";
  $("confirm-presence").checked = false;
  $("logout-dialog").showModal();
});

$("logout-dialog").addEventListener("close", async () => {
  if ($("logout-dialog").returnValue !== "logout") return;
  $("logout").disabled = true;
  // The trainee's own émargement: kept in the post's outbox, sent to the portal with the logoff.
  const r = await fetch("/session", {
    method: "DELETE",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ confirmPresence: $("confirm-presence").checked }),
  }).catch(() => null);
  $("logout").disabled = false;
  if (r?.ok) apply(await r.json());
});

tickClock();
setInterval(tickClock, 1000);
setInterval(poll, 1000);
poll();
