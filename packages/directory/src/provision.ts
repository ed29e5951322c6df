import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { Change, type Client } from "ldapts";
import { z } from "zod";
import type { Directory } from "./client";
import { generateInitialPassword } from "./initial-password";
import { adPassword, attr, escapeDnValue, fromFileTime, toFileTime } from "./ldap-values";
import { ensureGroup, ensureOu, removeStaleMembers } from "./provision-group";
import {
  desiredAttributes,
  expiryFor,
  planAccountUpdate,
  type SessionToProvision,
  sessionSchema,
  type Trainee,
  traineeSchema,
} from "./provision-plan";
import {
  type AuditEntry,
  disableExpiredInOu,
  type ProvisionReport,
  provisionFailure,
  readAccount,
} from "./provision-steps";

export type { SessionToProvision, Trainee } from "./provision-plan";
export type { AuditEntry, ProvisionReport } from "./provision-steps";

const inputSchema = z.object({
  session: sessionSchema,
  /** Each trainee is checked on its own: a bad entry fails alone, in the report. */
  trainees: z.array(z.unknown()).max(500),
  now: z.date(),
  /** Defaults to TREMPLIN_LDAP_USERS_OU. */
  usersOu: z.string().optional(),
  graceDays: z.number().int().min(0).max(365).optional(),
  mustChangePassword: z.boolean().optional(),
  /** Also disable the OU's accounts whose expiry has passed (default true). */
  disableExpired: z.boolean().default(true),
});
export type ProvisionInput = z.input<typeof inputSchema>;

/**
 * Brings AD in line with a session's trainee list: each trainee gets an account in the managed
 * OU (created with a one-time initial password, returned here once and nowhere else),
 * membership of the session's group `ses-<code>`, and an expiry at the session's end plus the
 * grace period. Idempotent: a second run with the same list changes nothing. Accounts outside
 * the managed OU are never touched. Returns the report and the audit entries for the caller
 * to store with its actor; if the DC fails midway, what was done is still reported.
 */
export async function provisionSession(
  directory: Directory,
  raw: ProvisionInput,
): Promise<{ report: ProvisionReport; audit: AuditEntry[] }> {
  const input = parseOrThrow(inputSchema, raw, "Provisionnement");
  const { config } = directory;
  const usersOu = input.usersOu ?? config.usersOu;
  if (!usersOu) throw new AppError("config_invalid", "aucune OU de stagiaires (TREMPLIN_LDAP_USERS_OU)");
  const expires = expiryFor(input.session, input.graceDays ?? config.provisioning.graceDays);
  if (expires <= toFileTime(input.now)) {
    throw new AppError(
      "invalid_input",
      "la session est terminée (fin + délai de grâce passés) : rien à provisionner",
    );
  }
  const mustChange = input.mustChangePassword ?? config.provisioning.mustChangePassword;
  const report: ProvisionReport = { created: [], updated: [], disabled: [], unchanged: [], failed: [] };
  const audit: AuditEntry[] = [];

  return directory.withService(async (client) => {
    let groupDn: string;
    try {
      await ensureOu(client, usersOu, audit);
      groupDn = await ensureGroup(
        client,
        { usersOu, session: input.session, learnerGroup: config.roleGroups.learner },
        audit,
      );
    } catch (error) {
      const failure = provisionFailure(error);
      directory.logger.warn(
        { event: "directory_provision_failed", detail: failure.detail },
        "provisionnement impossible",
      );
      throw new AppError("unavailable", `Provisionnement impossible : ${failure.reason}`, { cause: error });
    }
    const members: string[] = [];
    let aborted: string | undefined;
    for (const raw of input.trainees) {
      const parsed = traineeSchema.safeParse(raw);
      if (!parsed.success) {
        const username = String((raw as { username?: unknown })?.username ?? "(sans identifiant)").slice(
          0,
          64,
        );
        report.failed.push({ username, reason: parsed.error.issues.map((i) => i.message).join(" ; ") });
        continue;
      }
      const trainee = parsed.data;
      if (aborted) {
        report.failed.push({ username: trainee.username, reason: aborted });
        continue;
      }
      try {
        const dn = await provisionTrainee(client, {
          trainee,
          usersOu,
          groupDn,
          expires,
          mustChange,
          now: input.now,
          upnSuffix: config.upnSuffix,
          session: input.session,
          report,
          audit,
        });
        if (dn) members.push(dn);
      } catch (error) {
        const failure = provisionFailure(error);
        report.failed.push({ username: trainee.username, reason: failure.reason });
        directory.logger.warn(
          { event: "directory_provision_failed", username: trainee.username, detail: failure.detail },
          "provisionnement : échec pour un stagiaire",
        );
        if (failure.fatal) aborted = `non traité : ${failure.reason}`;
      }
    }
    if (!aborted) await removeStaleMembers(client, groupDn, members, report, audit);
    if (!aborted && input.disableExpired) {
      await disableExpiredInOu(client, { usersOu, now: input.now, report, audit });
    }
    directory.logger.info(
      {
        event: "directory_provisioned",
        session: input.session.code,
        created: report.created.length,
        updated: report.updated.length,
        disabled: report.disabled.length,
        unchanged: report.unchanged.length,
        failed: report.failed.length,
      },
      "provisionnement terminé",
    );
    return { report, audit };
  });
}

type TraineeStep = {
  trainee: Trainee;
  usersOu: string;
  groupDn: string;
  expires: bigint;
  mustChange: boolean;
  now: Date;
  upnSuffix: string;
  session: SessionToProvision;
  report: ProvisionReport;
  audit: AuditEntry[];
};

/** Creates or updates one trainee's account; returns its DN when it belongs in the group. */
async function provisionTrainee(client: Client, step: TraineeStep): Promise<string | undefined> {
  const { trainee, report, audit } = step;
  const username = trainee.username;
  const existing = await readAccount(client, step.usersOu, username);
  const desired = desiredAttributes(trainee, step.upnSuffix);
  if (existing === "outside") {
    report.failed.push({ username, reason: "un compte de ce nom existe hors de l'OU gérée : non modifié" });
    return undefined;
  }
  if (!existing) {
    const dn = `CN=${escapeDnValue(username)},${step.usersOu}`;
    const initialPassword = generateInitialPassword({ username, displayName: trainee.displayName });
    await client.add(dn, [
      attr("objectClass", ["top", "person", "organizationalPerson", "user"]),
      attr("sAMAccountName", username),
      ...Object.entries(desired).map(([type, value]) => attr(type, value)),
      attr("unicodePwd", adPassword(initialPassword)),
      attr("userAccountControl", "512"),
      attr("accountExpires", step.expires.toString()),
      ...(step.mustChange ? [attr("pwdLastSet", "0")] : []),
    ]);
    await client.modify(step.groupDn, new Change({ operation: "add", modification: attr("member", dn) }));
    report.created.push({ username, dn, initialPassword });
    audit.push(userAudit("directory_user.created", username, dn, step, { group: step.groupDn }));
    return dn;
  }
  const plan = planAccountUpdate(existing, {
    desired,
    expires: step.expires,
    groupDn: step.groupDn,
    now: step.now,
  });
  if (plan.kind === "refuse") {
    report.failed.push({ username, reason: plan.reason });
    return existing.dn;
  }
  if (plan.kind === "unchanged") {
    report.unchanged.push(username);
    return existing.dn;
  }
  const changes = Object.entries(plan.replace).map(
    ([type, value]) => new Change({ operation: "replace", modification: attr(type, value) }),
  );
  let initialPassword: string | undefined;
  if (plan.reenable) {
    initialPassword = generateInitialPassword({ username, displayName: trainee.displayName });
    changes.push(
      new Change({ operation: "replace", modification: attr("unicodePwd", adPassword(initialPassword)) }),
      new Change({ operation: "replace", modification: attr("userAccountControl", "512") }),
      ...(step.mustChange
        ? [new Change({ operation: "replace", modification: attr("pwdLastSet", "0") })]
        : []),
    );
  }
  if (changes.length > 0) await client.modify(existing.dn, changes);
  if (plan.addToGroup) {
    await client.modify(
      step.groupDn,
      new Change({ operation: "add", modification: attr("member", existing.dn) }),
    );
  }
  report.updated.push({
    username,
    dn: existing.dn,
    changes: plan.changes,
    ...(initialPassword ? { initialPassword } : {}),
  });
  audit.push(userAudit("directory_user.updated", username, existing.dn, step, { changes: plan.changes }));
  return existing.dn;
}

function userAudit(
  action: string,
  username: string,
  dn: string,
  step: TraineeStep,
  extra: Record<string, unknown>,
): AuditEntry {
  const expiresAt = fromFileTime(step.expires)?.toISOString() ?? null;
  return {
    action,
    entityType: "directory_user",
    entityId: username,
    details: { dn, session: step.session.code, expiresAt, mustChangePassword: step.mustChange, ...extra },
  };
}
