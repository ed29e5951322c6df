import { randomUUID } from "node:crypto";
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import path from "node:path";

/** A pending message this instance has taken: `file` is where it lies while it is being sent. */
export type Claim = { name: string; file: string };

const pendingName = /^[^.].*\.eml$/;
// `<name>.<claimed at, ms since epoch>.claim`: the time is part of the rename that makes the
// claim, so no other instance can ever read a claim's age before it is written.
const claimName = /^(.+\.eml)\.(\d+)\.claim$/;

/**
 * The outbox as a queue that several portal instances may share (one folder on a shared volume):
 *
 *   <dir>/*.eml             pending, written by the outbox mailer (temp file, fsync, rename)
 *   <dir>/sending/*.claim   taken by one instance; `rename` is atomic, so only one wins a file
 *   <dir>/sent/*.eml        the relay answered 250, kept for IT to check what went out
 *   <dir>/rejected/*.eml    refused for good, with `<name>.reason.txt` beside it
 *
 * Every move is a `rename` within one folder tree, so a crash leaves each message in exactly one
 * place. Putting a rejected file back into `<dir>` queues it again.
 */
export function openOutboxFolder(dir: string) {
  const sending = path.join(dir, "sending");
  const sent = path.join(dir, "sent");
  const rejected = path.join(dir, "rejected");
  let made: Promise<unknown> | undefined;

  const ensure = () => {
    made ??= Promise.all([sending, sent, rejected].map((d) => mkdir(d, { recursive: true }))).catch(
      (error) => {
        made = undefined;
        throw error;
      },
    );
    return made;
  };

  return {
    ensure,

    /** Pending messages, oldest first (names start with their ISO time). */
    async listPending(): Promise<string[]> {
      return (await readdirOrEmpty(dir)).filter((n) => pendingName.test(n)).sort();
    },

    /** Messages not delivered yet: pending plus those being sent. */
    async countPending(): Promise<number> {
      const [queued, claimed] = await Promise.all([readdirOrEmpty(dir), readdirOrEmpty(sending)]);
      return (
        queued.filter((n) => pendingName.test(n)).length + claimed.filter((n) => claimName.test(n)).length
      );
    },

    /** Takes `name` for this instance, or undefined when another instance took it first. */
    async claim(name: string, now: Date): Promise<Claim | undefined> {
      await ensure();
      const file = path.join(sending, `${name}.${now.getTime()}.claim`);
      return (await moveIfPresent(path.join(dir, name), file)) ? { name, file } : undefined;
    },

    /** Puts a message back in the queue after a failure that a later attempt may not meet. */
    release(claim: Claim): Promise<boolean> {
      return moveIfPresent(claim.file, path.join(dir, claim.name));
    },

    /** False when the claim had been taken back meanwhile (the message may then go out twice). */
    async markSent(claim: Claim, now: Date): Promise<boolean> {
      const file = path.join(sent, claim.name);
      if (!(await moveIfPresent(claim.file, file))) return false;
      // rename keeps the time of writing; pruning counts from the day the message went out.
      await utimes(file, now, now);
      return true;
    },

    async markRejected(claim: Claim, reason: string): Promise<boolean> {
      const reasonFile = path.join(rejected, `${claim.name}.reason.txt`);
      const temp = path.join(rejected, `.${claim.name}.${randomUUID()}.tmp`);
      await writeFile(temp, `${reason}\n`, { mode: 0o640 });
      await rename(temp, reasonFile);
      return moveIfPresent(claim.file, path.join(rejected, claim.name));
    },

    /**
     * Puts back claims older than `maxAgeMs`: their instance crashed or was stopped mid-send.
     * Returns how many were taken back.
     */
    async reclaimStale(now: Date, maxAgeMs: number): Promise<number> {
      let taken = 0;
      for (const entry of await readdirOrEmpty(sending)) {
        const match = claimName.exec(entry);
        if (!match || now.getTime() - Number(match[2]) < maxAgeMs) continue;
        if (await moveIfPresent(path.join(sending, entry), path.join(dir, match[1]!))) taken++;
      }
      return taken;
    },

    /** Removes files of `sent/` last changed more than `maxAgeMs` ago. */
    async pruneSent(now: Date, maxAgeMs: number): Promise<void> {
      for (const entry of await readdirOrEmpty(sent)) {
        const file = path.join(sent, entry);
        const info = await stat(file).catch(ignoreMissing);
        if (info && now.getTime() - info.mtimeMs > maxAgeMs) await rm(file, { force: true });
      }
    },
  };
}

export type OutboxFolder = ReturnType<typeof openOutboxFolder>;

/** `rename`, reporting false when the source is gone: another instance moved it first. */
async function moveIfPresent(from: string, to: string): Promise<boolean> {
  try {
    await rename(from, to);
    return true;
  } catch (error) {
    if (isMissing(error)) return false;
    throw error;
  }
}

async function readdirOrEmpty(dir: string): Promise<string[]> {
  return readdir(dir).catch((error) => {
    if (isMissing(error)) return [];
    throw error;
  });
}

function ignoreMissing(error: unknown): undefined {
  if (isMissing(error)) return undefined;
  throw error;
}

function isMissing(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === "ENOENT";
}
