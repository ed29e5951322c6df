import type { AgentState, MasterRef, ScheduledSession } from "@tremplin/domain/device";
import type { Accelerator } from "./ports";

/** What `GET /status` returns and the login page renders. */
export type AgentStatus = {
  state: AgentState;
  user: { username: string; displayName: string | null } | null;
  session: Pick<ScheduledSession, "id" | "trainingTitle" | "startsAt" | "endsAt"> | null;
  master: MasterRef | null;
  accel: Accelerator | null;
  accelReason: string | null;
  /** When the current state began (ISO). */
  since: string;
  /** The last failure, in French, for the login screen; null when all is well. */
  message: string | null;
  /**
   * While the VM's screen can be reached at `/vnc` (display mode `vnc`). No secret here: the
   * agent bridges `/vnc` to a unix socket only it can open, for its own page's Origin only.
   */
  hasVnc: boolean;
};
