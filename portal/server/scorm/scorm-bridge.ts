/**
 * The SCORM API inside a sandboxed package page. The page's origin is opaque, so the SCO cannot
 * reach the runtime in the player (`window.parent.API` throws) and the player cannot reach into
 * it: this script, put first in every package page, defines `API` (1.2) and `API_1484_11`
 * (2004) in the page itself, where SCORM API discovery looks first, and talks to the player by
 * postMessage only.
 *
 * SCORM calls are synchronous and postMessage is not, so the bridge answers from its own copy
 * of the CMI data: the player hands the runtime's values over in the frame's name (the one
 * thing a cross-origin page can read synchronously at start), every SetValue updates the copy
 * and is forwarded, and Initialize, Commit and Terminate are forwarded too. Commit therefore
 * answers "true" before the portal has stored the data; the player shows the learner whether
 * the save succeeded, and a refusal sets the SCO's next GetLastError. Before the page goes,
 * the copy is written back to the frame's name, for the package's next page in the same frame.
 *
 * Replies are accepted from the player's window only, and messages go to the portal's origin
 * only (`location.origin` is the URL's, the portal's, even in an opaque-origin document). Plain ES5 and ASCII: it runs in whatever
 * page a package holds, whose bytes are kept as they are (see injectBridge).
 */
export const bridgeScript = `(function () {
  "use strict";
  var host = window.parent;
  var hostOrigin = location.origin;
  if (host === window) return;
  var seed = null;
  try { seed = JSON.parse(window.name); } catch (e) { seed = null; }
  if (!seed || seed.tremplinScorm !== 1) return;
  var is12 = seed.version === "1.2";
  var values = seed.values || {};
  var state = seed.state || 0;
  var lastError = "0";
  var sent = 0;
  var strings = { "0": "No error", "101": "General exception", "103": "Already initialized",
    "104": "Content instance terminated", "112": "Termination before initialization",
    "113": "Termination after termination", "122": "Retrieve data before initialization",
    "123": "Retrieve data after termination", "132": "Store data before initialization",
    "133": "Store data after termination", "142": "Commit before initialization",
    "143": "Commit after termination", "301": "Not initialized", "391": "General commit failure" };
  function post(method, args) {
    sent += 1;
    host.postMessage({ tremplinScorm: 1, id: sent, method: method, args: args }, hostOrigin);
  }
  window.addEventListener("message", function (event) {
    if (event.source !== host || !event.data || event.data.tremplinScorm !== 1) return;
    if (event.data.result === "false" && typeof event.data.error === "string") lastError = event.data.error;
  });
  function guard(before12, before2004, after12, after2004) {
    if (state === 0) { lastError = is12 ? before12 : before2004; return false; }
    if (state === 2) { lastError = is12 ? after12 : after2004; return false; }
    lastError = "0";
    return true;
  }
  function initialize() {
    if (state !== 0) { lastError = state === 1 ? (is12 ? "101" : "103") : (is12 ? "101" : "104"); return "false"; }
    state = 1; lastError = "0"; post("Initialize", [""]); return "true";
  }
  function terminate() {
    if (!guard("301", "112", "301", "113")) return "false";
    state = 2; post("Terminate", [""]); return "true";
  }
  function getValue(key) {
    if (!guard("301", "122", "301", "123")) return "";
    var value = values[String(key)];
    return value === undefined ? "" : String(value);
  }
  function setValue(key, value) {
    if (!guard("301", "132", "301", "133")) return "false";
    values[String(key)] = String(value);
    post("SetValue", [String(key), String(value)]);
    return "true";
  }
  function commit() {
    if (!guard("301", "142", "301", "143")) return "false";
    post("Commit", [""]); return "true";
  }
  function errorString(code) { return strings[String(code)] || ""; }
  var api = is12
    ? { LMSInitialize: initialize, LMSFinish: terminate, LMSGetValue: getValue, LMSSetValue: setValue,
        LMSCommit: commit, LMSGetLastError: function () { return lastError; },
        LMSGetErrorString: errorString, LMSGetDiagnostic: errorString }
    : { Initialize: initialize, Terminate: terminate, GetValue: getValue, SetValue: setValue,
        Commit: commit, GetLastError: function () { return lastError; },
        GetErrorString: errorString, GetDiagnostic: errorString };
  if (is12) window.API = api; else window.API_1484_11 = api;
  window.addEventListener("pagehide", function () {
    window.name = JSON.stringify({ tremplinScorm: 1, version: seed.version, values: values, state: state });
  });
  var lastActivity = 0;
  function active() {
    var now = Date.now();
    if (now - lastActivity < 5000) return;
    lastActivity = now;
    host.postMessage({ tremplinScorm: 1, activity: true }, hostOrigin);
  }
  ["pointerdown", "keydown", "wheel", "scroll", "touchstart", "pointermove"].forEach(function (type) {
    window.addEventListener(type, active, { capture: true, passive: true });
  });
})();`;

const tag = Buffer.from(`<script>//<![CDATA[\n${bridgeScript}\n//]]></script>`, "latin1");

/**
 * The page with the bridge as its first script: after `<head>`, else after `<html>` or the
 * doctype, else at the very start. Bytes are kept as they are (read as latin1, one char per
 * byte), so a page in any ASCII-compatible encoding stays intact; the CDATA wrapper keeps an
 * XHTML page well-formed.
 */
export function injectBridge(page: Buffer): Buffer {
  const text = page.toString("latin1");
  const anchor =
    /<head(?:\s[^>]*)?>/i.exec(text) ?? /<html(?:\s[^>]*)?>/i.exec(text) ?? /<!doctype[^>]*>/i.exec(text);
  const at = anchor ? anchor.index + anchor[0].length : 0;
  return Buffer.concat([page.subarray(0, at), tag, page.subarray(at)]);
}
