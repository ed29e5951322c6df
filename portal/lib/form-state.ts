/** What a server action returns to its form: a message and, per field, what was wrong. */
export type FormState = { ok: boolean; message: string; fieldErrors: Record<string, string> };
export const initialFormState: FormState = { ok: false, message: "", fieldErrors: {} };
