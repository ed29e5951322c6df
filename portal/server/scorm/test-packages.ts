// SCORM packages built by the tests themselves (and the e2e journeys): a tiny SCO that finds the
// runtime in its parent, resumes from its bookmark, pages through, and reports a score.
import { strToU8, type ZipAttributes, zipSync } from "fflate";

export function manifestXml(
  version: "1.2" | "2004",
  launch = "index.html",
  title = "Sécurité des données",
): string {
  const meta =
    version === "1.2"
      ? `<metadata><schema>ADL SCORM</schema><schemaversion>1.2</schemaversion></metadata>`
      : `<metadata><schema>ADL SCORM</schema><schemaversion>2004 4th Edition</schemaversion></metadata>`;
  const ns =
    version === "1.2"
      ? `xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"`
      : `xmlns="http://www.imsglobal.org/xsd/imscp_v1p1" xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"`;
  const scoType = version === "1.2" ? `adlcp:scormtype="sco"` : `adlcp:scormType="sco"`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="tremplin.test" version="1" ${ns}>
  ${meta}
  <organizations default="ORG">
    <organization identifier="ORG"><title>${title}</title>
      <item identifier="CHAP"><title>Chapitre</title>
        <item identifier="SCO1" identifierref="RES1"><title>Leçon</title>${version === "1.2" ? "<adlcp:masteryscore>80</adlcp:masteryscore>" : ""}</item>
      </item>
    </organization>
  </organizations>
  <resources>
    <resource identifier="RES1" type="webcontent" ${scoType} href="${launch}"><file href="${launch}"/></resource>
  </resources>
</manifest>`;
}

/** A SCO of `pages` pages: "Page suivante" bookmarks and commits, "Terminer" reports `score`. */
export function scoHtml(version: "1.2" | "2004", pages = 3): string {
  const v12 = version === "1.2";
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>SCO ${version}</title>
<script src="sco.js"></script></head><body>
<h1 id="page">…</h1><p id="saved" role="status"></p>
<button id="next" type="button">Page suivante</button>
<button id="finish" type="button">Terminer le test</button>
<script>
var api = null;
for (var w = window; w && !api; w = w === w.parent ? null : w.parent) api = ${v12 ? "w.API" : "w.API_1484_11"};
var pages = ${pages}, page = 1;
function call(name, a, b) { return api[${v12 ? `"LMS" + name` : "name"}](a === undefined ? "" : a, b); }
var init = call("Initialize");
var loc = ${v12 ? 'call("GetValue", "cmi.core.lesson_location")' : 'call("GetValue", "cmi.location")'};
var entry = call("GetValue", "${v12 ? "cmi.core.entry" : "cmi.entry"}");
if (loc) page = Number(loc);
var visits = Number(call("GetValue", "cmi.suspend_data") || "0") + 1;
function show() { document.getElementById("page").textContent = "Page " + page + " sur " + pages + " (" + entry + ", visite " + visits + ")"; }
function save() {
  call("SetValue", "${v12 ? "cmi.core.lesson_location" : "cmi.location"}", String(page));
  call("SetValue", "cmi.suspend_data", String(visits));
  var ok = call("Commit");
  document.getElementById("saved").textContent = ok === "true" ? "Enregistré (page " + page + ")" : "Échec de l'enregistrement";
}
document.getElementById("next").onclick = function () { if (page < pages) page++; show(); save(); };
document.getElementById("finish").onclick = function () {
  ${
    v12
      ? `call("SetValue", "cmi.core.score.raw", window.SCORE || "85"); call("SetValue", "cmi.core.lesson_status", "passed"); call("SetValue", "cmi.core.session_time", "00:02:00"); call("SetValue", "cmi.core.exit", "suspend");`
      : `call("SetValue", "cmi.score.scaled", String(Number(window.SCORE || "85") / 100)); call("SetValue", "cmi.score.raw", window.SCORE || "85"); call("SetValue", "cmi.completion_status", "completed"); call("SetValue", "cmi.success_status", "passed"); call("SetValue", "cmi.session_time", "PT2M"); call("SetValue", "cmi.exit", "suspend");`
  }
  save();
  var done = call("${v12 ? "Finish" : "Terminate"}");
  document.getElementById("saved").textContent += done === "true" ? " — terminé" : " — fin non enregistrée";
};
show();
</script></body></html>`;
}

export function scormPackage(
  version: "1.2" | "2004",
  extra: Record<string, Uint8Array | [Uint8Array, ZipAttributes]> = {},
): Buffer {
  return Buffer.from(
    zipSync({
      "imsmanifest.xml": strToU8(manifestXml(version)),
      "index.html": strToU8(scoHtml(version)),
      "sco.js": strToU8("window.SCO_LOADED = true;"),
      "images/logo.svg": strToU8('<svg xmlns="http://www.w3.org/2000/svg"/>'),
      ...extra,
    }),
  );
}

export function zipOf(files: Record<string, Uint8Array | [Uint8Array, ZipAttributes]>): Buffer {
  return Buffer.from(zipSync(files));
}

/** A unix symbolic link entry (mode 0120777 in the external attributes' high half). */
export const symlink = (target: string): [Uint8Array, ZipAttributes] => [
  strToU8(target),
  { os: 3, attrs: 0o120777 * 65536 },
];

/**
 * A hostile SCO (security issue #16): it tries to read the viewer's cookies and the player
 * page, to call the portal as the viewer (read a page, enrol), and to take the top window
 * away, and writes what happened, one line per attempt ("refusé" when the browser stopped it).
 */
export function hostileScoHtml(): string {
  return `<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Module piégé</title></head><body>
<h1>Module piégé</h1>
<ul><li id="cookie">cookie : …</li><li id="parent">parent : …</li><li id="portal">portal : …</li>
<li id="enrol">enrol : …</li><li id="top">top : …</li><li id="api">api : …</li></ul>
<script>
function say(id, text) { document.getElementById(id).textContent = id + " : " + text; }
try { say("cookie", "lu (" + document.cookie.length + " caractères)"); } catch (e) { say("cookie", "refusé"); }
try { say("parent", "atteint (" + parent.document.title + ")"); } catch (e) { say("parent", "refusé"); }
fetch("/mes-formations", { credentials: "include" })
  .then(function (r) { return r.text(); })
  .then(function (t) { say("portal", "lu (" + t.length + " octets)"); }, function () { say("portal", "refusé"); });
fetch("/api/v1/learning/enrolments", { method: "POST", credentials: "include", headers: { "content-type": "application/json" }, body: "{}" })
  .then(function (r) { say("enrol", "appelé (HTTP " + r.status + ")"); }, function () { say("enrol", "refusé"); });
say("api", window.API ? "LMSInitialize " + window.API.LMSInitialize("") : "absente");
setTimeout(function () {
  try { top.location.href = "/?detourne=1"; say("top", "détourné"); } catch (e) { say("top", "refusé"); }
}, 300);
</script></body></html>`;
}

export function hostilePackage(): Buffer {
  return scormPackage("1.2", { "index.html": strToU8(hostileScoHtml()) });
}
