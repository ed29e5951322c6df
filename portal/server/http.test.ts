import { AppError } from "@tremplin/domain/errors";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { json, readForm, readJson, route } from "./http";

const post = (body: BodyInit, init: RequestInit & { headers?: Record<string, string> } = {}) =>
  new Request("http://portail.test/api/x", {
    method: "POST",
    body,
    duplex: "half",
    ...init,
    headers: { "content-type": "application/json", ...init.headers },
  } as RequestInit);

/** A chunked body (no content-length) of `chunks` × 64 KiB, counting what the server pulled. */
function endlessBody(chunks: number) {
  const pulled = { bytes: 0 };
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let left = chunks;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (left-- === 0) return controller.close();
      pulled.bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { stream, pulled };
}

const echo = route("test.echo", async (request) => json(200, await readJson(request, 1_000_000)));

describe("route()", () => {
  it("answers what the handler returns, with the request id it was given", async () => {
    const handler = route("test.ok", async () => json(201, { ok: true }));
    const response = await handler(post("{}", { headers: { "x-request-id": "req-42" } }));
    expect(response.status).toBe(201);
    expect(response.headers.get("x-request-id")).toBe("req-42");
    expect(await response.json()).toEqual({ ok: true });
  });

  it("maps a domain error to its status and message", async () => {
    const handler = route("test.conflict", async () => {
      throw new AppError("conflict", "Vous êtes déjà inscrit(e) à cette session.");
    });
    const response = await handler(post("{}"));
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      error: { code: "conflict", message: "Vous êtes déjà inscrit(e) à cette session.", issues: [] },
    });
  });

  it("says which field was wrong for invalid input, and refuses a body that is not JSON", async () => {
    const handler = route("test.zod", async (request) => {
      z.object({ sessionId: z.uuid() }).parse(await readJson(request));
      return json(200, {});
    });
    const invalid = await handler(post(JSON.stringify({ sessionId: "x" })));
    expect(invalid.status).toBe(400);
    const body = (await invalid.json()) as { error: { issues: { path: string }[] } };
    expect(body.error.issues.map((i) => i.path)).toEqual(["sessionId"]);
    const garbled = await handler(post("{not json"));
    expect(garbled.status).toBe(400);
    expect(JSON.stringify(await garbled.json())).toContain("pas du JSON valide");
  });

  it("refuses a body over the limit before parsing it", async () => {
    const handler = route("test.size", async (request) => json(200, await readJson(request, 10)));
    const response = await handler(post(JSON.stringify({ padding: "x".repeat(100) })));
    expect(response.status).toBe(413);
  });

  it("refuses a chunked body as soon as it passes the limit, without reading the rest", async () => {
    // 512 MiB offered without a content-length; the limit is 1 MB.
    const { stream, pulled } = endlessBody(8192);
    const response = await echo(post(stream));
    expect(response.status).toBe(413);
    expect((await response.json()).error.code).toBe("payload_too_large");
    expect(pulled.bytes).toBeLessThan(2 * 1024 * 1024);
  });

  it("reads a form while measuring it, and refuses one over its limit", async () => {
    const form = new FormData();
    form.set("package", new Blob([new Uint8Array(4096)]), "p.zip");
    const handler = route("test.form", async (request) => {
      const read = await readForm(request, 2048);
      return json(200, { has: read.has("package") });
    });
    // As bytes, as a socket delivers them (undici's own FormData stream trips over a cancel).
    const encoded = async (data: FormData) => {
      const response = new Response(data);
      const headers = { "content-type": response.headers.get("content-type")! };
      const body = new Uint8Array(await response.arrayBuffer());
      return new Request("http://portail.test/api/x", { method: "POST", body, headers });
    };
    expect((await handler(await encoded(form))).status).toBe(413);
    const small = new FormData();
    small.set("title", "ok");
    const fine = await handler(await encoded(small));
    expect(await fine.json()).toEqual({ has: false });
  });

  it("requires a JSON content type, except for a beacon where the route allows it", async () => {
    const plain = await echo(post("{}", { headers: { "content-type": "text/plain;charset=UTF-8" } }));
    expect(plain.status).toBe(400);
    expect((await plain.json()).error.issues[0].path).toBe("content-type");
    const beacon = route("test.beacon", async (request) =>
      json(200, await readJson(request, 100, { allowTextPlain: true })),
    );
    const sent = await beacon(post('{"a":1}', { headers: { "content-type": "text/plain;charset=UTF-8" } }));
    expect(await sent.json()).toEqual({ a: 1 });
  });

  it("refuses text holding a NUL byte, naming the field, before it reaches the database", async () => {
    const response = await echo(post(JSON.stringify({ events: [{ id: "a", note: "x\u0000y" }] })));
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues.map((i: { path: string }) => i.path)).toEqual([
      "events.0.note",
    ]);
  });

  it("refuses a browser's state-changing request from another origin, port or subdomain", async () => {
    const from = (headers: Record<string, string>) => echo(post("{}", { headers }));
    expect((await from({ origin: "http://evil.test" })).status).toBe(403);
    expect((await from({ origin: "http://portail.test:8081" })).status).toBe(403);
    expect((await from({ origin: "null" })).status).toBe(403);
    expect((await from({ "sec-fetch-site": "same-site", origin: "http://a.portail.test" })).status).toBe(403);
    expect((await from({ "sec-fetch-site": "cross-site" })).status).toBe(403);
    // The portal's own pages, and clients that are no browser (kiosks, relays, CLIs: bearer tokens).
    expect((await from({ origin: "http://portail.test", "sec-fetch-site": "same-origin" })).status).toBe(200);
    expect((await from({})).status).toBe(200);
    const read = route("test.get", async () => json(200, {}));
    const get = new Request("http://portail.test/api/x", { headers: { origin: "http://evil.test" } });
    expect((await read(get)).status).toBe(200);
  });

  it("answers the database's refusals as 400 or 503, never with the statement", async () => {
    const failing = (error: unknown) =>
      route("test.db", async () => {
        throw error;
      })(post("{}"));
    const dataException = Object.assign(new Error('Failed query: insert into "events" values ($1)'), {
      cause: Object.assign(new Error("invalid byte sequence for encoding UTF8: 0x00"), { code: "22021" }),
    });
    const refused = await failing(dataException);
    expect(refused.status).toBe(400);
    expect(await refused.text()).not.toMatch(/insert|events|0x00/);
    const gone = await failing(Object.assign(new Error("select 1"), { code: "ECONNREFUSED" }));
    expect(gone.status).toBe(503);
    expect(await gone.text()).not.toContain("select");
  });

  it("hides an unexpected error behind its request id", async () => {
    const handler = route("test.crash", async () => {
      throw new Error("connection string postgres://secret@db");
    });
    const response = await handler(post("{}", { headers: { "x-request-id": "req-7" } }));
    expect(response.status).toBe(500);
    const text = await response.text();
    expect(text).toContain("req-7");
    expect(text).not.toContain("secret");
  });

  it("answers 499, not a 500 to log as an error, when the client hangs up while sending its body", async () => {
    const hangUp = new AbortController();
    let sendRest: (() => void) | undefined;
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"sessionId":'));
        sendRest = () => controller.close();
      },
    });
    const handler = route("test.abort", async (request) => json(200, await readJson(request)));
    const answer = handler(post(body, { signal: hangUp.signal }));
    hangUp.abort();
    sendRest?.();
    expect((await answer).status).toBe(499);
  });
});
