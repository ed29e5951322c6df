import type pg from "pg";

const guarded = new WeakSet<pg.PoolClient>();

/**
 * Returns a pool client to its pool when a transaction's BEGIN fails. drizzle-orm 0.45's
 * node-postgres `transaction()` runs BEGIN before the try/finally that releases the client
 * (drizzle-team/drizzle-orm#6241, #6023, open upstream): a connection that dies at checkout —
 * PostgreSQL restarting — leaks one client per failed BEGIN, and a few of them leave the pool
 * empty for the life of the process. Here a failed BEGIN releases its client with the error,
 * which makes pg-pool destroy it; drizzle, having thrown before its try, never releases it twice.
 */
export function releaseOnFailedBegin(pool: pg.Pool): void {
  const connect = pool.connect.bind(pool) as (...args: unknown[]) => unknown;
  pool.connect = ((...args: unknown[]) => {
    // The callback form is left as it is: drizzle uses the promise form.
    if (args.length > 0) return connect(...args);
    return (connect() as Promise<pg.PoolClient>).then((client) => {
      guard(client);
      return client;
    });
  }) as typeof pool.connect;
}

function guard(client: pg.PoolClient): void {
  // Clients are reused across checkouts; `client.release` is set anew by each checkout and is
  // read at failure time, so one wrapper per client is enough.
  if (guarded.has(client)) return;
  guarded.add(client);
  const query = client.query.bind(client) as (...args: unknown[]) => unknown;
  client.query = ((...args: unknown[]) => {
    const first = args[0] as string | { text?: unknown } | undefined;
    const text = typeof first === "string" ? first : first?.text;
    const result = query(...args);
    if (typeof text !== "string" || !/^\s*begin\b/i.test(text) || !(result instanceof Promise)) return result;
    return result.catch((error: unknown) => {
      client.release(error instanceof Error ? error : new Error(String(error)));
      throw error;
    });
  }) as typeof client.query;
}
