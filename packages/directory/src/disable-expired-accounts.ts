import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { NoSuchObjectError } from "ldapts";
import { z } from "zod";
import type { Directory } from "./client";
import {
  type AuditEntry,
  disableExpiredInOu,
  type ProvisionReport,
  provisionFailure,
} from "./provision-steps";

const inputSchema = z.object({
  now: z.date(),
  /** Defaults to TREMPLIN_LDAP_USERS_OU. */
  usersOu: z.string().optional(),
});

/**
 * What a pass disabled, and the audit entries to record for it. `interrupted` is set when the DC
 * failed midway: what was disabled before stays in `report` and `audit`, to be recorded all the same.
 */
export type ExpiredAccountsPass = { report: ProvisionReport; audit: AuditEntry[]; interrupted?: AppError };

/**
 * Disables the managed OU's enabled accounts whose `accountExpires` (session end + grace) has
 * passed, without provisioning any session: what a scheduled run does when no session is
 * coming. `provisionSession` runs the same pass with `disableExpired`. Only `disabled` is filled.
 * Throws only when nothing was attempted (bad input, no OU configured, the service bind refused).
 */
export async function disableExpiredAccounts(
  directory: Directory,
  raw: z.input<typeof inputSchema>,
): Promise<ExpiredAccountsPass> {
  const input = parseOrThrow(inputSchema, raw, "Désactivation des comptes expirés");
  const usersOu = input.usersOu ?? directory.config.usersOu;
  if (!usersOu) throw new AppError("config_invalid", "aucune OU de stagiaires (TREMPLIN_LDAP_USERS_OU)");
  const report: ProvisionReport = { created: [], updated: [], disabled: [], unchanged: [], failed: [] };
  const audit: AuditEntry[] = [];
  return directory.withService(async (client) => {
    try {
      await disableExpiredInOu(client, { usersOu, now: input.now, report, audit });
    } catch (error) {
      // No OU yet: nothing was ever provisioned, so nothing can have expired.
      if (error instanceof NoSuchObjectError && audit.length === 0) return { report, audit };
      const failure = provisionFailure(error);
      directory.logger.warn(
        { event: "directory_sweep_failed", detail: failure.detail, disabled: report.disabled.length },
        "désactivation des comptes expirés interrompue",
      );
      const interrupted = new AppError(
        "unavailable",
        `Désactivation des comptes expirés interrompue : ${failure.reason}`,
        { cause: error },
      );
      return { report, audit, interrupted };
    }
    directory.logger.info(
      { event: "directory_swept", disabled: report.disabled.length },
      "comptes expirés désactivés",
    );
    return { report, audit };
  });
}
