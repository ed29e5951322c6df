import { createHash } from "node:crypto";
import type { Worker } from "node:worker_threads";

export function sha256Of(data: Uint8Array): string {
  return createHash("sha256").update(data).digest("hex");
}

/** Tells a hashing worker its input is over and waits for its hex digest; the worker ends either way. */
export async function finishHashWorker(worker: Worker, digest: Promise<string>): Promise<string> {
  worker.postMessage({ kind: "end" });
  try {
    return await digest;
  } finally {
    await worker.terminate();
  }
}
