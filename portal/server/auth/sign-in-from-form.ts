import "server-only";
import { throttlePolicyFor } from "@tremplin/domain/auth";
import { env } from "@/env";
import { getDb } from "../db";
import { findDirectory } from "../directory";
import { log } from "../log";
import { effectiveLockoutPolicy, findDomainLockoutPolicy } from "./lockout-policy";
import { type SignInResult, signInInputSchema, signInWithPassword } from "./sign-in";

/** The entry point of next-auth's Credentials provider: validates the form, then signs in. */
export async function signInFromForm(raw: unknown): Promise<SignInResult> {
  const parsed = signInInputSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, code: "invalid_input" };
  const db = await getDb().catch(() => undefined);
  if (!db) return { ok: false, code: "unavailable" };
  const directory = await findDirectory()?.catch(() => undefined);
  const { TREMPLIN_LOCKOUT_THRESHOLD: threshold, TREMPLIN_LOCKOUT_WINDOW_MINUTES: minutes } = env();
  const lockout = effectiveLockoutPolicy(directory && (await findDomainLockoutPolicy(directory)), {
    threshold,
    observationWindowMs: minutes === undefined ? undefined : minutes * 60_000,
  });
  const policy = throttlePolicyFor(lockout);
  try {
    return await signInWithPassword({ db, directory, now: new Date(), policy }, parsed.data);
  } catch (error) {
    // next-auth would put the thrown message, a driver's quoting its SQL, in the sign-in page's
    // URL: the person gets "unavailable", the log gets the cause.
    log.error({ err: error }, "sign-in failed unexpectedly");
    return { ok: false, code: "unavailable" };
  }
}
