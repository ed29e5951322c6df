import { request } from "node:http";
import { connect } from "node:net";
import path from "node:path";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KioskAgent } from "../agent/kiosk-agent";
import { ScheduleCache } from "../agent/schedule-cache";
import { silentLogger } from "../log";
import { buildStatusView } from "../login-page/view";
import { Outbox } from "../outbox/outbox";
import { type LocalApi, startLocalApi } from "./server";

// The HTTP layer alone: no request here reaches the directory or QEMU, and the agent's
// adapters say so loudly if one ever does.
const unreachable = () => {
  throw new Error("not reached by these requests");
};

let api: LocalApi;
let base: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const t = await makeTmpDir("local-api-");
  const outbox = await Outbox.open(path.join(t.dir, "outbox"), silentLogger);
  const schedule = await ScheduleCache.open(path.join(t.dir, "schedule.json"), silentLogger);
  const agent = new KioskAgent({
    config: { post: "poste 1", mastersDir: t.dir, grace: { beforeMinutes: 15, afterMinutes: 15 } },
    sessionFile: path.join(t.dir, "current-session.json"),
    log: silentLogger,
    outbox,
    schedule,
    authenticate: unreachable,
    vm: { cleanupLeftovers: unreachable, start: unreachable },
  });
  const view = () =>
    buildStatusView({
      status: agent.status(),
      schedule: undefined,
      roomFallback: "Salle Jean Moulin",
      grace: { beforeMinutes: 15, afterMinutes: 15 },
      display: "vnc",
      hint: "Démo : stagiaire / Tremplin-2026",
      now: new Date(),
    });
  api = await startLocalApi({ agent, view, port: 0, log: silentLogger });
  base = `http://127.0.0.1:${api.port}`;
  cleanup = async () => {
    await api.close();
    await outbox.close();
    await t.cleanup();
  };
});
afterAll(() => cleanup());

/** A WebSocket handshake as a browser sends it; resolves with the status line of the answer. */
function upgrade(headers: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(api.port, "127.0.0.1");
    let received = "";
    socket.on("error", reject);
    socket.on("data", (chunk) => {
      received += chunk.toString("latin1");
    });
    socket.on("close", () => resolve(received.split("\r\n")[0] ?? ""));
    const lines = [
      "GET /vnc HTTP/1.1",
      "Upgrade: websocket",
      "Connection: Upgrade",
      "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
      "Sec-WebSocket-Version: 13",
      ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
    ];
    socket.write(`${lines.join("\r\n")}\r\n\r\n`);
  });
}

function raw(pathname: string, headers: Record<string, string>): Promise<number> {
  return new Promise((resolve, reject) => {
    request(`${base}${pathname}`, { headers }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    })
      .on("error", reject)
      .end();
  });
}

describe("local API", () => {
  it("serves the login page in French, utf-8, with the room and the demo hint", async () => {
    const r = await fetch(`${base}/`);
    expect(r.status).toBe(200);
    expect(r.headers.get("content-type")).toBe("text/html; charset=utf-8");
    const html = await r.text();
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain("Salle Jean Moulin");
    expect(html).toContain("Se connecter");
    expect(html).toContain("Démo : stagiaire / Tremplin-2026");
    expect(html).toMatch(/<div id="tcg-banner"[^>]*hidden>/);
  });

  it("answers the status", async () => {
    const r = await fetch(`${base}/status`);
    expect(await r.json()).toMatchObject({
      state: "idle",
      user: null,
      session: null,
      master: null,
      accel: null,
      message: null,
      room: "Salle Jean Moulin",
      display: "vnc",
    });
  });

  it("names the field and the rule for a bad login body, and refuses an empty password before any bind", async () => {
    const bad = await fetch(`${base}/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "" }),
    });
    expect(bad.status).toBe(400);
    const body = (await bad.json()) as { error: { code: string; issues: { path: string }[] } };
    expect(body.error.code).toBe("invalid_input");
    expect(body.error.issues.map((i) => i.path).sort()).toEqual(["password", "username"]);

    const empty = await fetch(`${base}/session`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "a.dupont", password: "" }),
    });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toMatchObject({ error: { message: "Saisissez votre mot de passe." } });
  });

  it("treats a logout with no session as done, and names a malformed presence confirmation", async () => {
    const r = await fetch(`${base}/session`, { method: "DELETE" });
    expect(r.status).toBe(200);
    expect(await r.json()).toMatchObject({ state: "idle" });
    const bad = await fetch(`${base}/session`, {
      method: "DELETE",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ confirmPresence: "oui" }),
    });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { issues: [{ path: "confirmPresence" }] } });
  });

  it("serves the page's script and noVNC's modules, and nothing beside them", async () => {
    const js = await fetch(`${base}/assets/login.js`);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    const rfb = await fetch(`${base}/novnc/core/rfb.js`);
    expect(rfb.status).toBe(200);
    expect(await rfb.text()).toContain("export default class RFB");
    expect(await raw("/novnc/core/../package.json", { host: `127.0.0.1:${api.port}` })).toBe(404);
    expect(await raw("/novnc/core/%2e%2e/%2e%2e/package.json", { host: `127.0.0.1:${api.port}` })).toBe(404);
  });

  it("refuses requests under another host name (DNS rebinding) or from another origin", async () => {
    expect(await raw("/status", { host: "evil.example:80" })).toBe(403);
    expect(await raw("/status", { host: `127.0.0.1:${api.port}`, origin: "http://evil.example" })).toBe(403);
    expect(await raw("/status", { host: `localhost:${api.port}` })).toBe(200);
  });

  it("has no VNC to offer while no VM runs", async () => {
    const r = await fetch(`${base}/vnc`);
    expect(r.status).toBe(404);
    const own = await upgrade({ host: `127.0.0.1:${api.port}`, origin: `http://127.0.0.1:${api.port}` });
    expect(own).toBe("HTTP/1.1 404 Not Found");
  });

  it("forbids every page, its own included, to frame the login screen (clickjacking)", async () => {
    for (const pathname of ["/", "/status", "/assets/login.js", "/nowhere"]) {
      const r = await fetch(`${base}${pathname}`);
      expect(r.headers.get("content-security-policy"), pathname).toBe("frame-ancestors 'none'");
      expect(r.headers.get("x-frame-options"), pathname).toBe("DENY");
    }
  });

  it("gives no VNC password or other secret in the status", async () => {
    const body = await (await fetch(`${base}/status`)).text();
    expect(body).not.toMatch(/password/i);
    expect(JSON.parse(body)).toMatchObject({ hasVnc: false });
  });

  it("opens the VM's screen only to the kiosk's own page: no other Origin, no Origin-less client", async () => {
    const host = `127.0.0.1:${api.port}`;
    expect(await upgrade({ host, origin: "http://evil.example" })).toBe("HTTP/1.1 403 Forbidden");
    expect(await upgrade({ host, origin: `http://127.0.0.1:${api.port + 1}` })).toBe(
      "HTTP/1.1 403 Forbidden",
    );
    expect(await upgrade({ host, origin: "null" })).toBe("HTTP/1.1 403 Forbidden");
    expect(await upgrade({ host })).toBe("HTTP/1.1 403 Forbidden");
    expect(await upgrade({ host: "evil.example", origin: "http://evil.example" })).toBe(
      "HTTP/1.1 403 Forbidden",
    );
  });

  it("refuses a login or logout sent by another page (cross-site form post)", async () => {
    const login = await fetch(`${base}/session`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "http://evil.example" },
      body: "username=a.dupont&password=x",
      redirect: "manual",
    });
    expect(login.status).toBe(403);
    const logout = await fetch(`${base}/session/logout`, {
      method: "POST",
      headers: { origin: "http://evil.example" },
      redirect: "manual",
    });
    expect(logout.status).toBe(403);
  });
});
