import "server-only";
import type { SessionUser } from "@/server/auth/options";
import { getDb } from "@/server/db";
import { getItAlerts, type ItAlerts } from "./get-it-alerts";
import { getLearnerHome, type LearnerHome } from "./get-learner-home";
import { getTrainerHome, type TrainerHome } from "./get-trainer-home";

export type RoleHome = {
  learner: LearnerHome | undefined;
  trainer: TrainerHome | undefined;
  it: ItAlerts | undefined;
  now: Date;
};

/** The signed-in home: one block per role the person holds, read side by side. */
export async function loadRoleHome(user: SessionUser): Promise<RoleHome> {
  const db = await getDb();
  const now = new Date();
  const input = { actor: user, now };
  const [learner, trainer, it] = await Promise.all([
    user.roles.includes("learner") ? getLearnerHome(db, input) : undefined,
    user.roles.includes("trainer") ? getTrainerHome(db, input) : undefined,
    user.roles.includes("it_admin") ? getItAlerts(db, input) : undefined,
  ]);
  return { learner, trainer, it, now };
}
