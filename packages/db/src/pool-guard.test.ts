import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { releaseOnFailedBegin } from "./pool-guard";

/** A pool that hands out one fake client whose BEGIN fails, as a connection dead at checkout does. */
function failingPool(options: { beginFails: boolean } = { beginFails: true }) {
  const pool = new pg.Pool({ max: 1 });
  const released: unknown[] = [];
  const client = {
    query: async (config: string | { text: string }) => {
      const text = typeof config === "string" ? config : config.text;
      if (options.beginFails && /^begin/i.test(text))
        throw Object.assign(new Error("Connection terminated unexpectedly"), { code: "57P01" });
      return { rows: [], rowCount: 0, fields: [], command: "SELECT" };
    },
    release: (error?: unknown) => released.push(error ?? "no error"),
  };
  pool.connect = (async () => client) as never;
  return { pool, released };
}

describe("a transaction whose BEGIN fails", () => {
  it("leaks its client with drizzle alone (the upstream bug this guard exists for)", async () => {
    const { pool, released } = failingPool();
    await expect(drizzle(pool).transaction(async () => {})).rejects.toThrow();
    expect(released).toEqual([]);
  });

  it("gives the client back to the pool, with the error so that the pool destroys it", async () => {
    const { pool, released } = failingPool();
    releaseOnFailedBegin(pool);
    await expect(drizzle(pool).transaction(async () => {})).rejects.toThrow();
    expect(released).toHaveLength(1);
    expect(released[0]).toBeInstanceOf(Error);
  });

  it("leaves a transaction that began normally to drizzle, released once", async () => {
    const { pool, released } = failingPool({ beginFails: false });
    releaseOnFailedBegin(pool);
    await drizzle(pool).transaction(async () => {});
    await expect(drizzle(pool).transaction(async () => Promise.reject(new Error("refusé")))).rejects.toThrow(
      "refusé",
    );
    expect(released).toEqual(["no error", "no error"]);
  });
});
