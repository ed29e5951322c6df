import "server-only";
import type { Db } from "@tremplin/db/client";
import { isUniqueViolation } from "@tremplin/db/errors";
import { findUserByEmail } from "@tremplin/db/queries/users";
import { auditLog, users } from "@tremplin/db/schema";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import { z } from "zod";
import { hashPassword } from "./sign-in";

export const registrationSchema = z.object({
  email: z
    .email({ message: "Adresse e-mail invalide" })
    .max(254)
    .transform((e) => e.toLowerCase()),
  displayName: z
    .string()
    .trim()
    .min(2, { message: "Au moins 2 caractères" })
    .max(120, { message: "120 caractères au plus" }),
  password: z
    .string()
    .min(12, { message: "Au moins 12 caractères" })
    .max(256, { message: "256 caractères au plus" }),
});

/**
 * Creates an external learner's local account (not in AD). The username is the e-mail address,
 * so it can never shadow a directory account (sAMAccountName has no `@`).
 */
export async function registerLocalLearner(db: Db, raw: unknown) {
  const input = parseOrThrow(registrationSchema, raw, "Inscription");
  if (await findUserByEmail(db, input.email)) throw emailTaken();
  const passwordHash = await hashPassword(input.password);
  // Two simultaneous registrations of one address both pass the check above; the unique index decides.
  return insertLearner(db, input, passwordHash).catch((error) => {
    throw isUniqueViolation(error) ? emailTaken() : error;
  });
}

function emailTaken() {
  const message = "Un compte existe déjà avec cette adresse e-mail.";
  return new AppError("conflict", message, { issues: [{ path: "email", message }] });
}

function insertLearner(db: Db, input: z.infer<typeof registrationSchema>, passwordHash: string) {
  return db.transaction(async (tx) => {
    const [user] = await tx
      .insert(users)
      .values({
        source: "local",
        username: input.email,
        email: input.email,
        displayName: input.displayName,
        passwordHash,
        roles: ["learner"],
      })
      .returning({ id: users.id, username: users.username });
    await tx.insert(auditLog).values({
      actorId: user!.id,
      actorLabel: input.email,
      action: "account.self_registered",
      entityType: "user",
      entityId: user!.id,
      details: { source: "local" },
    });
    return user!;
  });
}
