import type { Directory } from "@tremplin/directory/client";
import { AppError } from "@tremplin/domain/errors";

export type DirectoryStatus =
  | { kind: "none" }
  | { kind: "incomplete"; missing: string[] }
  | { kind: "ready"; usersOu: string; graceDays: number; mustChangePassword: boolean };

export const noDirectoryMessage = "Aucun annuaire configuré : les comptes locaux seulement.";

/** Whether provisioning can run, and if not, which setting is missing. */
export function directoryStatus(directory: Directory | undefined): DirectoryStatus {
  if (!directory) return { kind: "none" };
  const { config } = directory;
  const missing = [
    ...(config.usersOu ? [] : ["TREMPLIN_LDAP_USERS_OU"]),
    ...(directory.hasServiceAccount ? [] : ["TREMPLIN_LDAP_BIND_DN", "TREMPLIN_LDAP_BIND_PASSWORD"]),
  ];
  if (missing.length > 0 || !config.usersOu) return { kind: "incomplete", missing };
  return {
    kind: "ready",
    usersOu: config.usersOu,
    graceDays: config.provisioning.graceDays,
    mustChangePassword: config.provisioning.mustChangePassword,
  };
}

/** The directory, when provisioning can run; an `unavailable` / `config_invalid` error saying why otherwise. */
export function requireReadyDirectory(directory: Directory | undefined): {
  directory: Directory;
  status: Extract<DirectoryStatus, { kind: "ready" }>;
} {
  const status = directoryStatus(directory);
  if (status.kind === "none" || !directory) throw new AppError("unavailable", noDirectoryMessage);
  if (status.kind === "incomplete") {
    throw new AppError(
      "config_invalid",
      `Provisionnement impossible : ${status.missing.join(", ")} manquant dans la configuration.`,
    );
  }
  return { directory, status };
}
