import { AppError } from "@tremplin/domain/errors";

export type SignatureProblem = "unsigned" | "unknown_key" | "bad_signature";

/**
 * A manifest that no configured key vouches for. Always refused, whatever the caller: `keyId`
 * names the key that signed (or claimed to), so that IT can tell a rogue publisher from a key
 * the post was not given.
 */
export class SignatureError extends AppError {
  readonly problem: SignatureProblem;
  readonly keyId: string | undefined;

  constructor(problem: SignatureProblem, keyId: string | undefined, message: string) {
    super("forbidden", message, { details: { problem, keyId } });
    this.name = "SignatureError";
    this.problem = problem;
    this.keyId = keyId;
  }
}

/** Bytes that do not match the hash that names them: a chunk, or a whole assembled disk. */
export class IntegrityError extends AppError {
  readonly expected: string;
  readonly actual: string;

  constructor(what: string, expected: string, actual: string) {
    super("conflict", `${what} : empreinte SHA-256 incorrecte (attendue ${expected}, obtenue ${actual}).`, {
      details: { expected, actual },
    });
    this.name = "IntegrityError";
    this.expected = expected;
    this.actual = actual;
  }
}

export function isSignatureError(value: unknown): value is SignatureError {
  return value instanceof SignatureError;
}

export function isIntegrityError(value: unknown): value is IntegrityError {
  return value instanceof IntegrityError;
}
