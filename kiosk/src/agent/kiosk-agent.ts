import type { ScheduledSession } from "@tremplin/domain/device";
import { AppError, isAppError } from "@tremplin/domain/errors";
import { decideLogin } from "@tremplin/domain/schedule";
import type { Logger } from "pino";
import type { KioskConfig } from "../config";
import { getVerifiedMaster } from "../masters/catalog";
import type { Outbox } from "../outbox/outbox";
import type { Authenticate, RunningVm, VmDriver, VmExit } from "./ports";
import type { ScheduleCache } from "./schedule-cache";
import {
  checkOutFor,
  clearSessionRecord,
  findSessionRecord,
  newSessionRecord,
  presenceConfirmedFor,
  type SessionRecord,
  saveSessionRecord,
} from "./session-record";
import type { AgentStatus } from "./status";

export type KioskAgentDeps = {
  config: Pick<KioskConfig, "mastersDir" | "grace" | "defaultMaster"> & { post: string };
  /** `<dataDir>/current-session.json` */
  sessionFile: string;
  log: Logger;
  outbox: Outbox;
  schedule: ScheduleCache;
  authenticate: Authenticate;
  vm: VmDriver;
  now?: () => Date;
  /** How often the running session's "still alive" instant is saved (bounds an interrupted check-out). */
  aliveEveryMs?: number;
};

type Run = { vm: RunningVm; record: SessionRecord; isFinished: boolean; alive: NodeJS.Timeout };

const idleStatus = (): AgentStatus => ({
  state: "idle",
  user: null,
  session: null,
  master: null,
  accel: null,
  accelReason: null,
  since: new Date().toISOString(),
  message: null,
  hasVnc: false,
});

/**
 * The post's one state machine, owner of the one VM: login → directory → policy → master →
 * VM → check-in → running; logout or guest power-off → VM stopped, overlay gone → check-out →
 * idle. Every failure lands back on a usable login screen (idle) with a French message.
 */
export class KioskAgent {
  private current: AgentStatus = idleStatus();
  private run: Run | undefined;
  private stopRequested = false;
  /** The login or logout in progress, so that a shutdown waits for it. */
  private busy: Promise<unknown> = Promise.resolve();
  private readonly now: () => Date;

  constructor(private readonly deps: KioskAgentDeps) {
    this.now = deps.now ?? (() => new Date());
  }

  status(): AgentStatus {
    return { ...this.current };
  }

  /** At start, before the first login: no overlay, no QEMU, no session left open by a crash. */
  async recover(): Promise<void> {
    const removed = await this.deps.vm.cleanupLeftovers();
    if (removed.length > 0) this.deps.log.warn({ removed }, "leftovers of a previous run removed");
    const record = await findSessionRecord(this.deps.sessionFile);
    if (!record) return;
    await this.deps.outbox.append(record.checkIn);
    await this.deps.outbox.append(checkOutFor(record, "interrupted", new Date(record.lastAliveAt)));
    await clearSessionRecord(this.deps.sessionFile);
    this.deps.log.warn(
      { username: record.checkIn.username },
      "session interrupted by an agent stop: checked out",
    );
  }

  async login(username: string, password: string): Promise<AgentStatus> {
    if (this.current.state === "error") {
      throw new AppError("unavailable", this.current.message ?? "Le poste est hors service.");
    }
    if (this.current.state !== "idle") {
      throw new AppError("conflict", "Une session est déjà ouverte ou en cours d'ouverture sur ce poste.");
    }
    // AD treats an empty password as an anonymous bind that *succeeds*: refuse before binding.
    if (password === "") throw new AppError("invalid_input", "Saisissez votre mot de passe.");
    this.stopRequested = false;
    this.set({ state: "authenticating", user: { username, displayName: null }, message: null });
    const attempt = this.attemptLogin(username, password);
    this.busy = attempt.catch(() => undefined);
    return attempt;
  }

  private async attemptLogin(username: string, password: string): Promise<AgentStatus> {
    try {
      return await this.open(username, password);
    } catch (error) {
      const message = frenchMessage(error);
      if (!isAppError(error) || error.code === "unavailable" || error.code === "conflict") {
        this.deps.log.error({ err: error, username }, "login failed");
        await this.recordError(username, null, error);
      } else {
        this.deps.log.info({ username, reason: message }, "login refused");
      }
      this.current = { ...idleStatus(), message };
      throw isAppError(error) ? error : new AppError("unavailable", message, { cause: error });
    }
  }

  private async open(username: string, password: string): Promise<AgentStatus> {
    const auth = await this.deps.authenticate(username, password);
    if (!auth.ok) throw new AppError(auth.appCode, auth.message, { details: { code: auth.code } });
    const decision = decideLogin({
      schedule: this.deps.schedule.schedule,
      username: auth.username,
      isTrainer: auth.isTrainer,
      now: this.now(),
      grace: this.deps.config.grace,
    });
    if (!decision.allowed)
      throw new AppError("forbidden", decision.reason, { details: { code: decision.code } });
    const session = decision.session;
    const ref = session?.master ?? this.deps.config.defaultMaster;
    if (!ref) {
      throw new AppError(
        "unavailable",
        "Aucun master n'est prévu pour cette session : prévenez le service informatique.",
      );
    }
    const user = { username: auth.username, displayName: auth.displayName };
    this.set({ state: "starting", user, session: sessionSummary(session), master: ref });
    const master = await getVerifiedMaster(this.deps.config.mastersDir, ref).catch((error: unknown) => {
      throw isAppError(error) ? new AppError("unavailable", error.message, { cause: error }) : error;
    });
    const record = newSessionRecord({
      occurredAt: this.now().toISOString(),
      post: this.deps.config.post,
      username: auth.username,
      sessionId: session?.id ?? null,
      role: decision.role,
      master: ref,
      accelerator: null,
    });
    await saveSessionRecord(this.deps.sessionFile, record);
    const vm = await this.deps.vm
      .start({ master, sessionLabel: session?.trainingTitle ?? master.name })
      .catch(async (error: unknown) => {
        await clearSessionRecord(this.deps.sessionFile);
        throw error;
      });
    record.checkIn.accelerator = vm.accel;
    record.checkIn.occurredAt = this.now().toISOString();
    record.lastAliveAt = record.checkIn.occurredAt;
    try {
      await saveSessionRecord(this.deps.sessionFile, record);
      await this.deps.outbox.append(record.checkIn);
    } catch (error) {
      // No check-in on disk means no VM: a session must never run unrecorded.
      await vm.stop();
      await clearSessionRecord(this.deps.sessionFile);
      throw error;
    }
    const run: Run = { vm, record, isFinished: false, alive: this.keepAlive(record) };
    this.run = run;
    this.set({
      state: "running",
      accel: vm.accel,
      accelReason: vm.accelReason ?? null,
      hasVnc: vm.vnc !== undefined,
    });
    this.deps.log.info({ username: auth.username, session: session?.id, accel: vm.accel }, "session running");
    vm.exited.then((exit) => this.onVmExit(run, exit)).catch((error) => this.fatal(error));
    if (this.stopRequested) void this.logout();
    return this.status();
  }

  /**
   * Ends the session: guest power-down, QEMU gone, overlay deleted, check-out. Idempotent when
   * idle. `confirmPresence`: the trainee ticked "Je confirme ma présence"; the confirmation goes
   * to the outbox first (durable, sent when the portal answers), whatever the VM's stop does.
   */
  async logout(options: { confirmPresence?: boolean } = {}): Promise<AgentStatus> {
    const run = this.run;
    if (this.current.state === "authenticating" || this.current.state === "starting") {
      this.stopRequested = true;
      return this.status();
    }
    if (!run || this.current.state !== "running") return this.status();
    const confirmation = options.confirmPresence ? presenceConfirmedFor(run.record, this.now()) : undefined;
    if (confirmation) await this.deps.outbox.append(confirmation);
    const ending = this.end(run, "logout");
    this.busy = ending;
    await ending;
    return this.status();
  }

  /**
   * The agent is stopping (systemd stop, shutdown): a running session is cut short and checked
   * out `interrupted`. One still starting keeps its record on disk; the next start recovers it.
   */
  async shutdown(): Promise<void> {
    await this.busy;
    const run = this.run;
    if (run && this.current.state === "running") await this.end(run, "interrupted");
  }

  private async end(run: Run, reason: "logout" | "interrupted"): Promise<void> {
    this.set({ state: "stopping" });
    const exit = await run.vm.stop().catch((error: unknown): VmExit => {
      this.fatal(error);
      return { kind: "crash", message: String(error) };
    });
    await this.finish(run, exit.kind === "crash" ? "interrupted" : reason, exit);
  }

  /** The VM running now (for the VNC proxy), if any. */
  runningVm(): RunningVm | undefined {
    return this.current.state === "running" ? this.run?.vm : undefined;
  }

  private onVmExit(run: Run, exit: VmExit): Promise<void> {
    if (run.isFinished || this.current.state !== "running") return Promise.resolve();
    this.set({ state: "stopping" });
    const ending = this.finish(run, exit.kind === "crash" ? "interrupted" : "poweroff", exit);
    this.busy = ending.catch(() => undefined);
    return ending;
  }

  private async finish(run: Run, reason: "logout" | "poweroff" | "interrupted", exit: VmExit): Promise<void> {
    if (run.isFinished) return;
    run.isFinished = true;
    clearInterval(run.alive);
    await this.deps.outbox.append(checkOutFor(run.record, reason, this.now()));
    await clearSessionRecord(this.deps.sessionFile);
    this.run = undefined;
    let message: string | null = null;
    if (exit.kind === "crash") {
      message = "La machine virtuelle s'est arrêtée de façon inattendue. Vous pouvez vous reconnecter.";
      await this.recordError(
        run.record.checkIn.username,
        run.record.checkIn.sessionId,
        new Error(exit.message),
      );
    }
    this.deps.log.info({ username: run.record.checkIn.username, reason }, "session ended");
    // A failed stop may have left QEMU behind: stay in `error` rather than offer a second VM.
    if (this.current.state === "error") return;
    this.current = { ...idleStatus(), message };
  }

  private keepAlive(record: SessionRecord): NodeJS.Timeout {
    const timer = setInterval(() => {
      record.lastAliveAt = this.now().toISOString();
      saveSessionRecord(this.deps.sessionFile, record).catch((error) =>
        this.deps.log.error({ err: error }, "could not save the session's alive instant"),
      );
    }, this.deps.aliveEveryMs ?? 60_000);
    return timer.unref();
  }

  private async recordError(
    username: string | null,
    sessionId: string | null,
    error: unknown,
  ): Promise<void> {
    const e = isAppError(error) ? error : error instanceof Error ? error : new Error(String(error));
    await this.deps.outbox
      .append({
        id: crypto.randomUUID(),
        type: "error",
        occurredAt: this.now().toISOString(),
        post: this.deps.config.post,
        username,
        sessionId,
        code: isAppError(e) ? e.code : "vm_failure",
        message: e.message.slice(0, 2000),
      })
      .catch((failure) => this.deps.log.error({ err: failure }, "could not record an error event"));
  }

  private fatal(error: unknown): void {
    this.deps.log.error({ err: error }, "agent bug while ending a session");
    this.set({
      state: "error",
      message: "Erreur interne du poste : redémarrez-le ou prévenez le service informatique.",
    });
  }

  private set(patch: Partial<AgentStatus>): void {
    this.current = { ...this.current, ...patch, since: new Date().toISOString() };
  }
}

/** The message the login screen shows for a failure; a bug never leaks its details there. */
function frenchMessage(error: unknown): string {
  if (isAppError(error)) return error.message;
  if ((error as NodeJS.ErrnoException | undefined)?.code === "ENOSPC") {
    return "Le disque du poste est plein : la session ne peut pas démarrer. Prévenez le service informatique.";
  }
  return "Erreur inattendue du poste : réessayez, ou prévenez votre formateur.";
}

function sessionSummary(session: ScheduledSession | null): AgentStatus["session"] {
  return session
    ? {
        id: session.id,
        trainingTitle: session.trainingTitle,
        startsAt: session.startsAt,
        endsAt: session.endsAt,
      }
    : null;
}
