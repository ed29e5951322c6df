import "server-only";
import { AppError } from "@tremplin/domain/errors";
import { readBody, route } from "@/server/http";
import type { SigningIdentity } from "./organisation-pki";
import { respondToTimestampQuery } from "./tsa-responder";

/** A TimeStampReq is a few hundred bytes; extensions aside, 8 KiB is generous. */
const maxQueryBytes = 8 * 1024;

/**
 * POST /api/v1/tsa — the built-in RFC 3161 TSA over HTTP (RFC 3161 §3.4): a DER
 * `application/timestamp-query` in, a DER `application/timestamp-reply` out. Public, as TSAs are:
 * it signs a time and a digest, and learns nothing of what was hashed.
 */
export function tsaRoute(findTsa: () => Promise<SigningIdentity>) {
  return route("tsa", async (request) => {
    const type = (request.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== "application/timestamp-query")
      throw new AppError(
        "invalid_input",
        "Envoyez une requête d'horodatage (content-type: application/timestamp-query).",
        {
          issues: [
            {
              path: "content-type",
              message: `attendu : application/timestamp-query, reçu : ${type || "aucun"}`,
            },
          ],
        },
      );
    const query = await readBody(request, maxQueryBytes);
    const reply = await respondToTimestampQuery(new Uint8Array(query), await findTsa());
    return new Response(Buffer.from(reply), {
      status: 200,
      headers: { "content-type": "application/timestamp-reply", "cache-control": "no-store" },
    });
  });
}
