import "server-only";
import packageJson from "../package.json" with { type: "json" };
import { getDatabase } from "./db";

export type Health = { status: "ok" | "unavailable"; db: "ok" | "unreachable"; version: string };

const version = packageJson.version;

/** Healthy means the database answers within two seconds: a load balancer takes us out otherwise. */
export async function checkHealth(): Promise<Health> {
  try {
    const database = await withTimeout(getDatabase(), 2_000);
    await withTimeout(database.ping(), 2_000);
    return { status: "ok", db: "ok", version };
  } catch {
    return { status: "unavailable", db: "unreachable", version };
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms).unref()),
  ]);
}
