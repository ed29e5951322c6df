// The first-boot screen's script: sends the code without a reload, refreshes the post's facts,
// and turns into the login screen once the agent has replaced the first-boot server.
const $ = (id) => document.getElementById(id);

function showMessage(text) {
  $("message").textContent = text ?? "";
  $("message").hidden = !text;
}

function apply(v) {
  if (v.state !== "unregistered" && v.state !== "registering") {
    location.reload();
    return;
  }
  const busy = v.state === "registering";
  $("code").disabled = busy;
  $("submit").disabled = busy;
  $("busy").hidden = !busy;
  $("serial").textContent = v.facts.serial ?? "illisible";
  $("network").textContent = v.facts.addresses.length
    ? v.facts.addresses.map((a) => `${a.iface} ${a.ip4}`).join(", ")
    : "Aucune adresse réseau : vérifiez que le câble réseau est branché.";
  $("portal").dataset.reachable = String(v.portal.reachable);
  $("portal").textContent =
    v.portal.reachable === null
      ? `${v.portal.url} (vérification…)`
      : `${v.portal.url} : ${v.portal.reachable ? "joignable" : "ne répond pas"}`;
  if (v.message) showMessage(v.message);
}

async function poll() {
  try {
    const r = await fetch("/status", { cache: "no-store" });
    if (r.ok) apply(await r.json());
  } catch {
    // Between the first-boot server and the agent the port is briefly closed: try again.
  }
}

$("register-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  showMessage(null);
  $("code").disabled = true;
  $("submit").disabled = true;
  $("busy").hidden = false;
  const r = await fetch("/register", {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ code: $("code").value.trim() }),
  }).catch(() => null);
  const answer = r ? await r.json().catch(() => null) : null;
  if (r?.ok) return;
  $("code").disabled = false;
  $("submit").disabled = false;
  $("busy").hidden = true;
  showMessage(answer?.error?.message ?? "Le poste ne répond pas : réessayez dans un instant.");
  $("code").select();
});

setInterval(poll, 2000);
