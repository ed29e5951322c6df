import { request as httpRequest } from "node:http";
import { expect, test } from "../fixtures/system";

const kioskUrl = () => new URL(process.env.E2E_KIOSK_URL!);

type Answer = { status: number; headers: Record<string, string | string[] | undefined>; body: string };

/** One raw request to the running post's local API, with the headers a hostile page would send. */
function ask(path: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  return new Promise<Answer>((resolve, reject) => {
    const req = httpRequest(new URL(path, kioskUrl()), {
      method: init.method ?? "GET",
      headers: init.headers,
    });
    req.on("response", (res) => {
      let body = "";
      res.on("data", (chunk) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    // The WebSocket upgrade: the post answers a refusal as a plain HTTP response.
    req.on("upgrade", (res, socket) => {
      socket.destroy();
      resolve({ status: res.statusCode ?? 101, headers: res.headers, body: "" });
    });
    req.on("error", reject);
    req.end(init.body);
  });
}

/**
 * Security issue #16, class 8, from outside against the running demo post: what another page in
 * the kiosk's browser, or a site rebinding its name to 127.0.0.1, could try. (That the session
 * VM cannot reach the post's loopback is shown by kiosk/src/qemu/guest-network.slow.test.ts.)
 */
test.describe("@security the kiosk's local API and VM screen", () => {
  test("the login screen cannot be framed, and its status gives no VNC password", async () => {
    const page = await ask("/");
    expect(page.status).toBe(200);
    expect(page.headers["content-security-policy"]).toContain("frame-ancestors 'none'");
    expect(page.headers["x-frame-options"]).toBe("DENY");
    const status = await ask("/status");
    expect(status.status).toBe(200);
    expect(status.body).not.toMatch(/password|motDePasse/i);
  });

  test("the VM's screen opens for the post's own page only", async () => {
    const port = kioskUrl().port;
    const handshake = (origin?: string) =>
      ask("/vnc", {
        headers: {
          connection: "Upgrade",
          upgrade: "websocket",
          "sec-websocket-version": "13",
          "sec-websocket-key": "dGhlIHNhbXBsZSBub25jZQ==",
          ...(origin ? { origin } : {}),
        },
      });
    for (const origin of ["http://evil.test", `http://127.0.0.1:${Number(port) + 1}`, "null", undefined]) {
      expect((await handshake(origin)).status, String(origin)).toBe(403);
    }
  });

  test("another page, a rebinding name or an endless body cannot drive the login", async () => {
    const port = Number(kioskUrl().port);
    const form = {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "username=c.martin&password=x",
    };
    const crossSite = await ask("/session", {
      ...form,
      headers: { ...form.headers, origin: `http://127.0.0.1:${port + 1}` },
    });
    expect(crossSite.status).toBe(403);
    const rebound = await ask("/status", { headers: { host: `evil.test:${port}` } });
    expect(rebound.status).toBe(403);
    const huge = await ask("/session", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ username: "c.martin", password: "x".repeat(64 * 1024) }),
    });
    expect(huge.status).toBe(413);
  });
});
