import { describe, expect, it } from "vitest";
import { certificateRoutes, maxPdfBytes } from "./certificate-routes";

// The public PDF check refuses what is not a PDF upload before reading anything else: no
// database, no signer is reached (each dependency throws if it is).
const unreachable = () => {
  throw new Error("reached past the boundary");
};
const routes = certificateRoutes({
  getDb: unreachable,
  getUser: async () => undefined,
  getIssuance: unreachable,
  checkPdf: unreachable,
  trustBundle: unreachable,
  credentials: unreachable,
});

/** A chunked body of `chunks` × 1 MiB, counting what the route pulled. */
function chunkedPdf(chunks: number) {
  const pulled = { bytes: 0 };
  const chunk = new Uint8Array(1024 * 1024).fill(0x25);
  let left = chunks;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (left-- === 0) return controller.close();
      pulled.bytes += chunk.byteLength;
      controller.enqueue(chunk);
    },
  });
  return { body, pulled };
}

const upload = (body: BodyInit, type = "application/pdf") =>
  new Request("http://portail.test/api/v1/verifier/pdf", {
    method: "POST",
    body,
    duplex: "half",
    headers: { "content-type": type },
  } as RequestInit);

describe("POST /api/v1/verifier/pdf", () => {
  it("refuses another content type, naming what it wants", async () => {
    const response = await routes.verifyPdf(upload("bonjour", "text/plain"));
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toContain("application/pdf");
  });

  it("refuses an empty file", async () => {
    const response = await routes.verifyPdf(upload(new Uint8Array(0)));
    expect(response.status).toBe(400);
  });

  it("stops reading an oversized upload while it streams", async () => {
    const { body, pulled } = chunkedPdf(64);
    const response = await routes.verifyPdf(upload(body));
    expect(response.status).toBe(413);
    expect(pulled.bytes).toBeLessThanOrEqual(maxPdfBytes + 2 * 1024 * 1024);
  });

  it("downloads need a signed-in person", async () => {
    const response = await routes.download(
      new Request("http://portail.test/api/v1/certificates/TRM-0000-0000-00/pdf"),
      {
        params: Promise.resolve({ code: "TRM-0000-0000-00" }),
      },
    );
    expect(response.status).toBe(401);
  });
});
