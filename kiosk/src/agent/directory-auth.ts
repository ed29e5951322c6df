import { authenticate } from "@tremplin/directory/authenticate";
import { openDirectory } from "@tremplin/directory/client";
import { type DirectoryConfig, dnsDomainOf } from "@tremplin/directory/config";
import type { Logger } from "pino";
import type { KioskConfig } from "../config";
import type { Authenticate } from "./ports";

/** The kiosk's directory settings in the directory package's terms (no service account: each person binds as themself). */
export function toDirectoryConfig(d: KioskConfig["directory"]): DirectoryConfig {
  const isLdaps = d.url.startsWith("ldaps:");
  return {
    url: d.url.replace(/\/$/, ""),
    transport: isLdaps ? "ldaps" : "starttls",
    allowPlain: false,
    baseDn: d.baseDn,
    caFile: d.caFile,
    tlsServername: d.tlsServername,
    roleGroups: { trainer: d.trainerGroupDn },
    upnSuffix: d.upnSuffix ?? dnsDomainOf(d.baseDn),
    timeoutMs: d.timeoutMs,
    provisioning: { graceDays: 0, mustChangePassword: false },
  };
}

/** Logins checked against AD over LDAPS/StartTLS; a trainer is a member (nested too) of `trainerGroupDn`. */
export async function createDirectoryAuthenticate(
  d: KioskConfig["directory"],
  log: Logger,
): Promise<Authenticate> {
  const directory = await openDirectory(toDirectoryConfig(d), { logger: log.child({ part: "directory" }) });
  return async (username, password) => {
    const result = await authenticate(directory, { login: username, password });
    if (!result.ok) {
      return {
        ok: false,
        code: result.failure.code,
        appCode: result.failure.appCode,
        message: result.failure.message.fr,
      };
    }
    const { user } = result;
    return {
      ok: true,
      username: user.username,
      displayName: user.displayName,
      isTrainer: user.roles.includes("trainer"),
    };
  };
}
