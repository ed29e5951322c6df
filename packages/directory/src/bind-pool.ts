import type { Client } from "ldapts";
import type { Connector } from "./connection";

/**
 * Encrypted connections kept open for the users' own binds. A sign-in needs a bind as the
 * person, and a TLS handshake costs several times the bind itself (the DC signs with its
 * RSA key): LDAP lets a client bind again on the same connection, each bind replacing the
 * previous identity (RFC 4511 §4.2.1), so a connection goes back to the pool after use.
 *
 * A connection serves one sign-in at a time and nothing but binds and that person's own
 * searches. Connections idle longer than `maxIdleMs` are closed rather than reused, well
 * before AD drops them itself (MaxConnIdleTime, 900 s by default).
 */
export type BindPool = {
  /** An idle connection (`reused`), or a fresh one when none is idle. */
  take(): Promise<{ client: Client; reused: boolean }>;
  /** Back to the pool once the sign-in is done, bound or not; dead or surplus ones are closed. */
  give(client: Client): void;
  close(): Promise<void>;
};

export function createBindPool(connector: Connector, options: { size: number; maxIdleMs: number }): BindPool {
  const idle: { client: Client; since: number }[] = [];
  let closed = false;
  return {
    async take() {
      while (idle.length > 0) {
        const { client, since } = idle.pop()!;
        if (client.isConnected && Date.now() - since < options.maxIdleMs) return { client, reused: true };
        void client.unbind().catch(() => {});
      }
      return { client: await connector.connect(), reused: false };
    },
    // A refused bind leaves a healthy, anonymous connection: it can serve again. A timeout
    // has destroyed the socket (isConnected false): that one is dropped.
    give(client) {
      if (!closed && client.isConnected && idle.length < options.size)
        idle.push({ client, since: Date.now() });
      else void client.unbind().catch(() => {});
    },
    async close() {
      closed = true;
      await Promise.all(idle.splice(0).map(({ client }) => client.unbind().catch(() => {})));
    },
  };
}
