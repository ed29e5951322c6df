import { connect, type Socket } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { z } from "zod";
import { silentLogger } from "../log";
import { VmError } from "./errors";

const greetingSchema = z.object({
  QMP: z.object({
    version: z.object({ qemu: z.object({ major: z.number(), minor: z.number(), micro: z.number() }) }),
    capabilities: z.array(z.string()),
  }),
});
const returnSchema = z.object({ return: z.unknown(), id: z.number().optional() });
const errorSchema = z.object({
  error: z.object({ class: z.string(), desc: z.string() }),
  id: z.number().optional(),
});
const eventSchema = z.object({
  event: z.string(),
  data: z.record(z.string(), z.unknown()).optional(),
  timestamp: z.object({ seconds: z.number(), microseconds: z.number() }),
});
export type QmpEvent = z.infer<typeof eventSchema>;
export type QmpVersion = { major: number; minor: number; micro: number };

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void; command: string };

/**
 * A QEMU Machine Protocol client over QEMU's unix socket (docs/interop/qmp-spec.rst): reads the
 * greeting, leaves capabilities negotiation mode, then runs commands (tagged with ids, answered
 * in order) and hands asynchronous events (SHUTDOWN, POWERDOWN, …) to listeners. Every message
 * is checked against its schema before use.
 */
export class QmpClient {
  private buffer = "";
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Set<(event: QmpEvent) => void>();
  private greeting: ((line: string) => void) | undefined;
  /** Resolves when QEMU closes the socket (it exits) or `close()` is called. */
  readonly closed: Promise<void>;
  version: QmpVersion | undefined;

  private constructor(
    private readonly socket: Socket,
    private readonly log: Logger,
  ) {
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => this.onData(chunk));
    this.closed = new Promise((resolve) => {
      socket.once("close", () => {
        for (const p of this.pending.values())
          p.reject(new VmError("qmp_failed", `QMP fermé pendant « ${p.command} ».`));
        this.pending.clear();
        resolve();
      });
    });
    socket.on("error", () => {
      // Reported through `closed` and the pending commands' rejections; the socket closes next.
    });
  }

  /**
   * Connects to `socketPath`, retrying while QEMU has not created it yet, until `timeoutMs` or
   * `signal` aborts (the caller aborts when the QEMU process dies first).
   */
  static async connect(
    socketPath: string,
    options: { timeoutMs?: number; signal?: AbortSignal; log?: Logger } = {},
  ): Promise<QmpClient> {
    const deadline = Date.now() + (options.timeoutMs ?? 10_000);
    for (;;) {
      options.signal?.throwIfAborted();
      const socket = await tryConnect(socketPath);
      if (socket) {
        const client = new QmpClient(socket, options.log ?? silentLogger);
        await client.handshake(Math.max(1000, deadline - Date.now()));
        return client;
      }
      if (Date.now() > deadline) throw new VmError("qmp_failed", `QMP injoignable sur ${socketPath}.`);
      await sleep(25, undefined, { signal: options.signal });
    }
  }

  /** Runs a command and returns its `return` value; a QMP error becomes a `qmp_failed` VmError. */
  execute(
    command: string,
    args?: Record<string, unknown>,
    options: { timeoutMs?: number } = {},
  ): Promise<unknown> {
    if (this.socket.destroyed)
      return Promise.reject(new VmError("qmp_failed", `QMP fermé avant « ${command} ».`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new VmError("qmp_failed", `QMP n'a pas répondu à « ${command} ».`));
      }, options.timeoutMs ?? 10_000);
      const done = (fn: () => void) => {
        clearTimeout(timer);
        fn();
      };
      this.pending.set(id, {
        command,
        resolve: (v) => done(() => resolve(v)),
        reject: (e) => done(() => reject(e)),
      });
      this.socket.write(
        `${JSON.stringify({ execute: command, ...(args ? { arguments: args } : {}), id })}\r\n`,
      );
    });
  }

  /** Calls `listener` for every event; returns the function that unsubscribes it. */
  onEvent(listener: (event: QmpEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  close(): void {
    this.socket.destroy();
  }

  private async handshake(timeoutMs: number): Promise<void> {
    const line = await new Promise<string>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new VmError("qmp_failed", "QMP : pas de message d'accueil.")),
        timeoutMs,
      );
      this.greeting = (l) => {
        clearTimeout(timer);
        resolve(l);
      };
      void this.closed.then(() => reject(new VmError("qmp_failed", "QMP fermé avant l'accueil.")));
    });
    const greeting = greetingSchema.safeParse(JSON.parse(line));
    if (!greeting.success) throw new VmError("qmp_failed", `QMP : accueil inattendu ${line.slice(0, 200)}`);
    this.version = greeting.data.QMP.version.qemu;
    await this.execute("qmp_capabilities");
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    for (let nl = this.buffer.indexOf("\n"); nl >= 0; nl = this.buffer.indexOf("\n")) {
      const line = this.buffer.slice(0, nl).trim();
      this.buffer = this.buffer.slice(nl + 1);
      if (line) this.onLine(line);
    }
  }

  private onLine(line: string): void {
    if (this.greeting) {
      const deliver = this.greeting;
      this.greeting = undefined;
      deliver(line);
      return;
    }
    let message: unknown;
    try {
      message = JSON.parse(line);
    } catch {
      this.log.warn({ line: line.slice(0, 200) }, "QMP: line is not JSON, ignored");
      return;
    }
    const event = eventSchema.safeParse(message);
    if (event.success) {
      for (const listener of this.listeners) {
        try {
          listener(event.data);
        } catch (error) {
          this.log.error({ err: error, event: event.data.event }, "QMP event listener failed");
        }
      }
      return;
    }
    const ok = returnSchema.safeParse(message);
    const failed = errorSchema.safeParse(message);
    const id = ok.success ? ok.data.id : failed.success ? failed.data.id : undefined;
    const pending = id === undefined ? undefined : this.pending.get(id);
    if (!pending || id === undefined) {
      this.log.warn({ line: line.slice(0, 200) }, "QMP: unexpected message, ignored");
      return;
    }
    this.pending.delete(id);
    if (ok.success) pending.resolve(ok.data.return);
    else if (failed.success) {
      const { class: cls, desc } = failed.data.error;
      pending.reject(
        new VmError("qmp_failed", `QMP « ${pending.command} » : ${desc}`, { details: { class: cls } }),
      );
    }
  }
}

async function tryConnect(socketPath: string): Promise<Socket | undefined> {
  return new Promise((resolve) => {
    const socket = connect(socketPath);
    socket.once("connect", () => resolve(socket));
    // ENOENT (not created yet) or ECONNREFUSED (not listening yet): the caller retries.
    socket.once("error", () => resolve(undefined));
  });
}
