import { readFile } from "node:fs/promises";
import { hostname } from "node:os";
import path from "node:path";
import { AppError, isAppError } from "@tremplin/domain/errors";
import { writeFileAtomic } from "../outbox/journal";
import { createDeviceClient } from "../portal/device-client";
import { writeDeviceToken } from "../portal/token-file";
import { agentVersion } from "../version";
import type { MachineFacts } from "./machine-facts";

/** What registration taught the post about itself; the portal's schedule keeps it current. */
export type Registration = {
  kioskId: string;
  label: string;
  room: { id: string; name: string };
  registeredAt: string;
};

export const registrationFile = (dataDir: string) => path.join(dataDir, "registration.json");

export async function readRegistration(dataDir: string): Promise<Registration | undefined> {
  try {
    return JSON.parse(await readFile(registrationFile(dataDir), "utf8")) as Registration;
  } catch {
    return undefined;
  }
}

/**
 * Trades IT's one-time code for the post's device token, sending which physical machine this is
 * (a spare taking over a dead post's label is told apart by its serial number). The token is
 * written before the registration file: a crash between the two leaves a registered post that
 * learns its label from the next schedule.
 */
export async function registerPost(input: {
  portalUrl: string;
  tokenFile: string;
  /** Where registration.json goes; none for a lab post whose config names its room and label. */
  dataDir: string | undefined;
  code: string;
  facts: MachineFacts;
  timeoutMs: number;
  now?: () => Date;
}): Promise<Registration> {
  const client = createDeviceClient({
    baseUrl: input.portalUrl,
    getToken: async () => undefined,
    timeoutMs: input.timeoutMs,
  });
  const answer = await client
    .register({
      code: input.code,
      hostname: hostname(),
      agentVersion,
      hardware: { serial: input.facts.serial, product: input.facts.product },
    })
    .catch((error: unknown) => {
      throw explain(error, input.portalUrl);
    });
  await writeDeviceToken(input.tokenFile, answer.token);
  const registration: Registration = {
    kioskId: answer.kioskId,
    label: answer.label,
    room: answer.room,
    registeredAt: (input.now?.() ?? new Date()).toISOString(),
  };
  if (input.dataDir)
    await writeFileAtomic(
      registrationFile(input.dataDir),
      `${JSON.stringify(registration, null, 2)}\n`,
      0o600,
    );
  return registration;
}

/** The portal's refusal, or the network's, in words for whoever stands at the post. */
function explain(error: unknown, portalUrl: string): unknown {
  if (!isAppError(error)) return error;
  if (error.code === "unauthenticated")
    return new AppError(
      "unauthenticated",
      "Code inconnu, déjà utilisé ou expiré : demandez un nouveau code à la DSI (page « Parc » du portail).",
    );
  if (error.code === "unavailable")
    return new AppError(
      "unavailable",
      `Le portail (${portalUrl}) ne répond pas : vérifiez le câble réseau, puis réessayez. ${error.message}`,
    );
  return error;
}
