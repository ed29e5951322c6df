import "server-only";
import { createHmac, hkdfSync, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { authOptions } from "@/server/auth/options";

/**
 * A package's files are fetched by a sandboxed document whose origin is opaque: the browser
 * sends it no cookie (the session cookie is SameSite=Lax, and the sandbox is "another site").
 * The player's launch URL therefore carries this ticket, in the path so that the package's
 * relative links keep it: it names who may read one version of one module, until when. It
 * grants nothing else: reading a package file, never an API call.
 */
export const ticketLifetimeMs = 8 * 3600 * 1000; // as long as a portal session

const payloadSchema = z.object({
  u: z.uuid(),
  r: z.enum(["learner", "it_admin"]),
  e: z.number().int(),
});
export type TicketHolder = { userId: string; role: "learner" | "it_admin" };

let derived: { secret: string; key: Buffer } | undefined;
/** A key of its own, derived from the portal's secret: a ticket is never a valid session token. */
function ticketKey(secret = authOptions.secret!): Buffer {
  if (derived?.secret !== secret)
    derived = {
      secret,
      key: Buffer.from(hkdfSync("sha256", secret, "", "Tremplin SCORM launch ticket", 32)),
    };
  return derived.key;
}

const mac = (key: Buffer, scope: string, payload: string) =>
  createHmac("sha256", key).update(`${scope}\n${payload}`).digest("base64url");

export function signLaunchTicket(input: {
  moduleId: string;
  version: number;
  holder: TicketHolder;
  now: Date;
  secret?: string;
}): string {
  const body = { u: input.holder.userId, r: input.holder.role, e: input.now.getTime() + ticketLifetimeMs };
  const payload = Buffer.from(JSON.stringify(body)).toString("base64url");
  return `${payload}.${mac(ticketKey(input.secret), `${input.moduleId}/${input.version}`, payload)}`;
}

/** Who the ticket was issued to, if it is genuine, for this module and version, and not expired. */
export function readLaunchTicket(input: {
  ticket: string;
  moduleId: string;
  version: number;
  now: Date;
  secret?: string;
}): TicketHolder | undefined {
  const [payload, signature, extra] = input.ticket.split(".");
  if (!payload || !signature || extra !== undefined) return undefined;
  const expected = Buffer.from(mac(ticketKey(input.secret), `${input.moduleId}/${input.version}`, payload));
  const given = Buffer.from(signature);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  // Signed by this portal, so it is the JSON written by signLaunchTicket.
  const parsed = payloadSchema.safeParse(JSON.parse(Buffer.from(payload, "base64url").toString("utf8")));
  if (!parsed.success || parsed.data.e <= input.now.getTime()) return undefined;
  return { userId: parsed.data.u, role: parsed.data.r };
}

/** The URL the player frames: `launch` (the manifest's, already URL-encoded) under a fresh ticket. */
export function scormLaunchUrl(input: {
  moduleId: string;
  version: number;
  launch: string;
  holder: TicketHolder;
  now: Date;
}): string {
  const ticket = signLaunchTicket(input);
  return `/api/v1/scorm/content/${input.moduleId}/${input.version}/${ticket}/${input.launch}`;
}
