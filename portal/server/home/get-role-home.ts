import "server-only";
import type { Db } from "@tremplin/db/client";
import type { Actor } from "@/server/audit/actor";
import { getItAlerts, type ItAlerts } from "./get-it-alerts";
import { getLearnerHome, type LearnerHome } from "./get-learner-home";
import { getTrainerHome, type TrainerHome } from "./get-trainer-home";

export type RoleHome = {
  learner: LearnerHome | undefined;
  trainer: TrainerHome | undefined;
  it: ItAlerts | undefined;
};

/** The signed-in home: one block per role the person holds, read side by side. */
export async function getRoleHome(db: Db, input: { actor: Actor; now: Date }): Promise<RoleHome> {
  const { roles } = input.actor;
  const [learner, trainer, it] = await Promise.all([
    roles.includes("learner") ? getLearnerHome(db, input) : undefined,
    roles.includes("trainer") ? getTrainerHome(db, input) : undefined,
    roles.includes("it_admin") ? getItAlerts(db, input) : undefined,
  ]);
  return { learner, trainer, it };
}
