import { AppError } from "@tremplin/domain/errors";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { json, readJson, route } from "./http";

const post = (body: BodyInit, init: RequestInit = {}) =>
  new Request("http://portail.test/api/x", { method: "POST", body, duplex: "half", ...init } as RequestInit);

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
