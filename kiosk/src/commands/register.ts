import { AppError } from "@tremplin/domain/errors";
import type { CliFlags } from "../cli";
import { loadKioskConfig } from "../config";
import { readMachineFacts } from "../first-boot/machine-facts";
import { registerPost } from "../first-boot/register-post";
import { findDeviceToken } from "../portal/token-file";

export const defaultTokenFile = "/var/lib/tremplin-kiosk/device-token";

/** `register --portal <url> --code <code>`: trades IT's one-time code for the post's device token. */
export async function runRegister(flags: CliFlags): Promise<number> {
  if (!flags.code)
    throw new AppError("invalid_input", "--code est obligatoire (code à usage unique donné par la DSI).");
  const config = flags.config ? await loadKioskConfig(flags.config) : undefined;
  const portal = flags.portal ?? config?.portal.url;
  if (!portal) throw new AppError("invalid_input", "--portal <url> est obligatoire (ou --config).");
  if (!URL.canParse(portal)) throw new AppError("invalid_input", `--portal : URL invalide (${portal})`);
  const tokenFile = flags["token-file"] ?? config?.portal.tokenFile ?? defaultTokenFile;
  if (!flags.force && (await findDeviceToken(tokenFile))) {
    throw new AppError(
      "conflict",
      `Ce poste a déjà un jeton (${tokenFile}). Relancez avec --force pour le remplacer (l'ancien reste valide jusqu'à sa révocation sur le portail).`,
    );
  }
  const answer = await registerPost({
    portalUrl: portal,
    tokenFile,
    dataDir: config?.dataDir,
    code: flags.code,
    facts: await readMachineFacts(),
    timeoutMs: 15_000,
  });
  console.log(`Poste enregistré : « ${answer.label} », salle « ${answer.room.name} ».`);
  console.log(`Jeton écrit dans ${tokenFile} (mode 0600).`);
  return 0;
}
