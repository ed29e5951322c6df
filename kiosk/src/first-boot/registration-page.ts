import type { FirstBootView } from "./first-boot-server";

const esc = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);

/** The network line: what to check first when nothing works. */
export function networkLine(v: FirstBootView): string {
  if (v.facts.addresses.length === 0)
    return "Aucune adresse réseau : vérifiez que le câble réseau est branché.";
  return v.facts.addresses.map((a) => `${a.iface} ${a.ip4}`).join(", ");
}

export function portalLine(v: FirstBootView): string {
  if (v.portal.reachable === null) return `${v.portal.url} (vérification…)`;
  return v.portal.reachable ? `${v.portal.url} : joignable` : `${v.portal.url} : ne répond pas`;
}

/**
 * The first-boot screen, for someone who is not a technician: one field, one button, and the
 * facts IT asks for on the phone (serial number, network, portal). Works without its script.
 */
export function renderRegistrationPage(v: FirstBootView): string {
  const busy = v.state === "registering";
  return `<!doctype html>
<html lang="fr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Nouveau poste — Tremplin</title>
<link rel="stylesheet" href="/assets/login.css">
<script type="module" src="/assets/register.js"></script>
</head>
<body data-state="${esc(v.state)}" class="first-boot">
<header class="top">
  <h1>Nouveau poste <span lang="en">New post</span></h1>
</header>
<main>
  <p id="message" class="message" role="alert"${v.message ? "" : " hidden"}>${esc(v.message ?? "")}</p>
  <form id="register-form" class="login" method="post" action="/register">
    <h2>Enregistrement du poste <span lang="en">Register this post</span></h2>
    <p class="explain">Saisissez le code que la DSI a créé pour ce poste sur le portail (page « Parc »).
      Pour remplacer un poste en panne, saisissez le code de remplacement de ce poste : celui-ci reprend son nom et sa salle.
      <span lang="en">Type the code IT created for this post.</span></p>
    <label for="code">Code d'enregistrement <span lang="en">Registration code</span></label>
    <input id="code" name="code" autocomplete="off" autocapitalize="characters" spellcheck="false" required minlength="6" maxlength="128" autofocus${busy ? " disabled" : ""}>
    <button type="submit" id="submit" class="big"${busy ? " disabled" : ""}>Enregistrer ce poste <span lang="en">Register</span></button>
  </form>
  <p id="busy" class="busy" role="status"${busy ? "" : " hidden"}>Enregistrement auprès du portail…</p>
  <dl class="facts" aria-label="Ce poste">
    <dt>Numéro de série</dt><dd id="serial">${esc(v.facts.serial ?? "illisible")}</dd>
    <dt>Modèle</dt><dd id="product">${esc(v.facts.product ?? "inconnu")}</dd>
    <dt>Réseau</dt><dd id="network">${esc(networkLine(v))}</dd>
    <dt>Portail</dt><dd id="portal" data-reachable="${String(v.portal.reachable)}">${esc(portalLine(v))}</dd>
  </dl>
</main>
<footer>Tremplin — poste de formation <span lang="en">training post</span></footer>
</body>
</html>`;
}
