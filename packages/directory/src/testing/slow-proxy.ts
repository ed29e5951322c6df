import { connect, createServer, type Server, type Socket } from "node:net";

/**
 * A TCP relay in front of a real DC that holds every byte from the DC for `delayMs`: a DC
 * answering slowly, as over a saturated WAN link, with the real TLS and LDAP in between.
 * `delayMs: Infinity` relays nothing back (a DC that accepts and never answers).
 */
export async function startSlowProxy(target: { host: string; port: number }, delayMs: number) {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server: Server = createServer((client) => {
    connections++;
    const upstream = connect(target.port, target.host);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => s.destroy());
      s.on("close", () => sockets.delete(s));
    }
    client.on("data", (chunk) => upstream.write(chunk));
    upstream.on("data", (chunk) => {
      if (Number.isFinite(delayMs)) setTimeout(() => client.destroyed || client.write(chunk), delayMs);
    });
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    port,
    /** How many connections reached the relay so far. */
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
