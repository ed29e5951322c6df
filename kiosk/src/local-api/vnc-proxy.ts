import type { IncomingMessage } from "node:http";
import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";

/**
 * Passes the page's WebSocket at `/vnc` through to QEMU's VNC WebSocket on loopback, so the
 * page, its scripts and the VM's screen share one origin. QEMU answers the handshake itself.
 */
export function proxyVnc(
  req: IncomingMessage,
  client: Duplex,
  head: Buffer,
  port: number,
  log: Logger,
): void {
  const upstream: Socket = connect(port, "127.0.0.1", () => {
    // QEMU's WebSocket server answers 404 to any resource but "/".
    const lines = [`${req.method} / HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2)
      lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    upstream.write(`${lines.join("\r\n")}\r\n\r\n`);
    if (head.length > 0) upstream.write(head);
    upstream.pipe(client);
    client.pipe(upstream);
  });
  const close = () => {
    upstream.destroy();
    client.destroy();
  };
  upstream.on("error", (error) => {
    log.warn({ err: error }, "VNC proxy: QEMU's WebSocket is unreachable");
    close();
  });
  client.on("error", close);
  upstream.on("close", close);
  client.on("close", close);
}

export function refuseUpgrade(client: Duplex, status: string): void {
  client.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}
