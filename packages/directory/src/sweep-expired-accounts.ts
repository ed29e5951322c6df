import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { NoSuchObjectError } from "ldapts";
import { z } from "zod";
import type { Directory } from "./client";
import { type AuditEntry, type ProvisionReport, provisionFailure, sweepExpired } from "./provision-steps";

const inputSchema = z.object({
  now: z.date(),
  /** Defaults to TREMPLIN_LDAP_USERS_OU. */
  usersOu: z.string().optional(),
});

/**
 * Disables the managed OU's enabled accounts whose `accountExpires` (session end + grace) has
 * passed, without provisioning any session: what a scheduled run does when no session is
 * coming. The same sweep `provisionSession` runs with `sweepExpired`. Only `disabled` is filled.
 */
export async function sweepExpiredAccounts(
  directory: Directory,
  raw: z.input<typeof inputSchema>,
): Promise<{ report: ProvisionReport; audit: AuditEntry[] }> {
  const input = parseOrThrow(inputSchema, raw, "Désactivation des comptes expirés");
  const usersOu = input.usersOu ?? directory.config.usersOu;
  if (!usersOu) throw new AppError("config_invalid", "aucune OU de stagiaires (TREMPLIN_LDAP_USERS_OU)");
  const report: ProvisionReport = { created: [], updated: [], disabled: [], unchanged: [], failed: [] };
  const audit: AuditEntry[] = [];
  return directory.withService(async (client) => {
    try {
      await sweepExpired(client, usersOu, input.now, report, audit);
    } catch (error) {
      // No OU yet: nothing was ever provisioned, so nothing can have expired.
      if (error instanceof NoSuchObjectError && audit.length === 0) return { report, audit };
      const failure = provisionFailure(error);
      directory.logger.warn(
        { event: "directory_sweep_failed", detail: failure.detail, disabled: report.disabled.length },
        "désactivation des comptes expirés interrompue",
      );
      // What was disabled before the failure is in `audit`: the caller must still record it.
      throw new AppError("unavailable", `Désactivation des comptes expirés interrompue : ${failure.reason}`, {
        cause: error,
        details: { report, audit },
      });
    }
    directory.logger.info(
      { event: "directory_swept", disabled: report.disabled.length },
      "comptes expirés désactivés",
    );
    return { report, audit };
  });
}
