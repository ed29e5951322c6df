import type { FormState } from "@/lib/form-state";

/** A code issuance's outcome: the code itself travels once, to the person who asked for it. */
export type CodeState = FormState & { code?: string; expiresAt?: string };
export const initialCodeState: CodeState = { ok: false, message: "", fieldErrors: {} };
