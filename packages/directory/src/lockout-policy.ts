import type { LockoutPolicy } from "@tremplin/domain/auth";
import type { Entry } from "ldapts";
import { z } from "zod";
import type { Directory } from "./client";
import { DirectoryError } from "./errors";

const anyObject = { scope: "base" as const, filter: "(objectClass=*)" };

/**
 * The domain's account lockout policy, read from the domain object (the naming context the
 * rootDSE names as default): `lockoutThreshold` and `lockoutObservationWindow`. Needs the
 * service account (the domain object is not readable anonymously). A fine-grained password
 * policy (PSO) may set a lower threshold for some accounts: TREMPLIN_LOCKOUT_THRESHOLD covers it.
 */
export async function readLockoutPolicy(directory: Directory): Promise<LockoutPolicy> {
  const [root] = await directory.search("", { ...anyObject, attributes: ["defaultNamingContext"] });
  const domainDn = root?.defaultNamingContext;
  if (typeof domainDn !== "string" || domainDn.length === 0) {
    throw new DirectoryError("directory_error", "rootDSE sans defaultNamingContext");
  }
  const [domain] = await directory.search(domainDn, {
    ...anyObject,
    attributes: ["lockoutThreshold", "lockoutObservationWindow"],
  });
  if (!domain) throw new DirectoryError("directory_error", `objet de domaine illisible : ${domainDn}`);
  return parseLockoutPolicy(domain);
}

// AD stores intervals as negative counts of 100 ns (MS-ADTS 2.2.16, "LARGE_INTEGER" intervals).
const interval = z
  .string()
  .regex(/^-?\d{1,20}$/)
  .transform((v) => {
    const ticks = BigInt(v);
    return Number((ticks < 0n ? -ticks : ticks) / 10_000n);
  });
const domainSchema = z.object({
  lockoutthreshold: z
    .string()
    .regex(/^\d{1,5}$/)
    .transform(Number),
  lockoutobservationwindow: interval,
});

/** The policy an entry of the domain object carries; throws a `DirectoryError` when unreadable. */
export function parseLockoutPolicy(entry: Entry): LockoutPolicy {
  // Attribute names are case-insensitive and AD spells this one `lockOutObservationWindow`.
  const byName = Object.fromEntries(Object.entries(entry).map(([k, v]) => [k.toLowerCase(), v]));
  const parsed = domainSchema.safeParse(byName);
  if (!parsed.success) {
    throw new DirectoryError(
      "directory_error",
      `politique de verrouillage illisible : ${parsed.error.message}`,
    );
  }
  return {
    threshold: parsed.data.lockoutthreshold,
    observationWindowMs: parsed.data.lockoutobservationwindow,
  };
}
