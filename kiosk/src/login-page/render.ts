import type { StatusView } from "./view";

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

const busyText: Record<string, string> = {
  authenticating: "Vérification de vos identifiants…",
  starting: "Démarrage de votre poste de travail…",
  stopping: "Fermeture de la session, effacement des données…",
};

function sessionLines(v: StatusView): string {
  const current = v.current
    ? `<p class="now"><span class="label">Session en cours</span> <strong>${esc(v.current.title)}</strong> <span class="time">${esc(v.current.from)} – ${esc(v.current.to)}</span></p>`
    : `<p class="now"><span class="label">Aucune session en cours</span></p>`;
  const next = v.next
    ? `<p class="next"><span class="label">Prochaine session</span> ${esc(v.next.title)} <span class="time">à ${esc(v.next.from)}</span></p>`
    : "";
  return current + next;
}

/**
 * The login screen, rendered on the server so that it works before (and without) its script.
 * French first with English beneath; every control reachable with Tab, large targets. A refused
 * login's message sits above the form, so it stays on a 1366×768 screen; logging out asks first,
 * as it erases the session's work.
 */
export function renderLoginPage(v: StatusView): string {
  const isRunning = v.state === "running";
  const busy = busyText[v.state];
  const tcg = isRunning && v.accel === "tcg";
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(v.room)} — Tremplin</title>
<link rel="stylesheet" href="/assets/login.css">
<script type="module" src="/assets/login.js"></script>
</head>
<body data-state="${esc(v.state)}" data-display="${esc(v.display)}" data-timezone="${esc(v.timezone)}">
<div id="end-warning" class="banner end" role="alert" data-level="${esc(v.endWarning?.level ?? "")}"${v.endWarning ? "" : " hidden"}>${esc(v.endWarning?.text ?? "")}</div>
<div id="system-notice" class="banner warn" role="status"${v.systemNotice ? "" : " hidden"}>${esc(v.systemNotice ?? "")}</div>
<div id="tcg-banner" class="banner warn" role="status"${tcg ? "" : " hidden"}>
  Machine virtuelle sans accélération matérielle (KVM indisponible) : elle sera lente.
  <span lang="en">No hardware acceleration: the virtual machine will be slow.</span>
  <span id="tcg-reason" class="reason">${esc(v.accelReason ?? "")}</span>
</div>
<header class="top">
  <h1 id="room">${esc(v.room)}</h1>
  <div class="clock"><time id="clock" aria-live="off"></time><span id="date"></span></div>
</header>
<section id="sessions" class="sessions" aria-label="Sessions">${sessionLines(v)}</section>
<main>
  <div id="session-bar" class="session-bar"${isRunning ? "" : " hidden"}>
    <div class="bar-text">
      <p class="bar-who">Session <span id="bar-of">${esc(v.userOf)}</span><strong id="bar-user">${esc(v.user?.displayName ?? v.user?.username ?? "")}</strong></p>
      <p class="bar-training"><span class="label">Formation :</span> <span id="bar-training">${esc(v.session?.trainingTitle ?? v.master?.name ?? "")}</span></p>
    </div>
    <form method="post" action="/session/logout" id="logout-form">
      <button type="submit" id="logout" class="big">Se déconnecter <span lang="en">Log out</span></button>
    </form>
  </div>
  <dialog id="logout-dialog" aria-labelledby="logout-title" aria-describedby="logout-text">
    <form method="dialog">
      <h2 id="logout-title">Se déconnecter ? <span lang="en">Log out?</span></h2>
      <p id="logout-text">Tout le travail de cette session sera effacé de ce poste : fichiers, documents ouverts, téléchargements. Enregistrez d'abord ailleurs ce que vous voulez garder (clé USB, messagerie, espace en ligne).
        <span lang="en">Everything from this session will be erased from this computer.</span></p>
      <p id="confirm-presence-row" class="confirm-presence"${v.session ? "" : " hidden"}><label><input type="checkbox" id="confirm-presence" name="confirmPresence"> <span>Je confirme ma présence à cette demi-journée <span lang="en">I confirm I attended</span></span></label></p>
      <div class="dialog-actions">
        <button value="stay" class="big secondary" autofocus>Continuer ma session <span lang="en">Stay</span></button>
        <button value="logout" id="logout-confirm" class="big danger">Me déconnecter et tout effacer <span lang="en">Log out</span></button>
      </div>
    </form>
  </dialog>
  <div id="vnc" class="vnc" hidden></div>
  <p id="message" class="message" role="alert"${v.message ? "" : " hidden"}>${esc(v.message ?? "")}</p>
  <form id="login-form" class="login" method="post" action="/session"${isRunning ? " hidden" : ""}>
    <h2>Connexion <span lang="en">Sign in</span></h2>
    <label for="username">Identifiant <span lang="en">Username</span></label>
    <input id="username" name="username" autocomplete="username" autocapitalize="none" spellcheck="false" required autofocus${busy ? " disabled" : ""}>
    <label for="password">Mot de passe <span lang="en">Password</span></label>
    <input id="password" name="password" type="password" autocomplete="current-password" required${busy ? " disabled" : ""}>
    <button type="submit" id="submit" class="big"${busy ? " disabled" : ""}>Se connecter <span lang="en">Sign in</span></button>
    ${v.hint ? `<p class="hint">${esc(v.hint)}</p>` : ""}
  </form>
  <p id="busy" class="busy" role="status"${busy ? "" : " hidden"}>${esc(busy ?? "")}</p>
</main>
<footer>Vos fichiers sont effacés à la déconnexion. <span lang="en">Your files are erased when you log out.</span></footer>
</body>
</html>`;
}
