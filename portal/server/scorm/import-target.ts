import { AppError } from "@tremplin/domain/errors";
import { z } from "zod";

/** Where an imported file or package goes: a new version of a module, or a new module of a training. */
export type ImportTarget =
  | { moduleId: string }
  | { trainingId: string; title: string; durationMinutes: number };

const newModuleSchema = z.object({
  trainingId: z.uuid({ message: "formation inconnue" }),
  title: z
    .string()
    .trim()
    .min(1, { message: "titre requis" })
    .max(200, { message: "200 caractères au plus" }),
  durationMinutes: z.coerce
    .number({ message: "un nombre de minutes" })
    .int()
    .min(1, { message: "au moins 1 minute" })
    .max(6000, { message: "100 heures au plus" }),
});

/** The import's target from form input; a new module's fields are checked one by one. */
export function parseImportTarget(raw: unknown): ImportTarget {
  const existing = z.object({ moduleId: z.uuid() }).safeParse(raw);
  if (existing.success) return existing.data;
  const created = newModuleSchema.safeParse(raw);
  if (created.success) return created.data;
  const issues = created.error.issues.map((i) => ({ path: i.path.join("."), message: i.message }));
  throw new AppError("invalid_input", "Nouveau module : vérifiez les champs signalés.", { issues });
}
