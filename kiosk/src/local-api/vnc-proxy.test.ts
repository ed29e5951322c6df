import { createServer as createHttpServer } from "node:http";
import { type AddressInfo, connect, createServer, type Socket } from "node:net";
import path from "node:path";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../log";
import { bridgeVnc } from "./vnc-proxy";

// The bridge's framing against a unix socket that talks like a VNC server's first bytes and then
// echoes; noVNC against a real QEMU goes through it in login-page.slow.test.ts.
let port: number;
let cleanup: () => Promise<void>;

beforeAll(async () => {
  const t = await makeTmpDir("vnc-bridge-");
  const vncSocket = path.join(t.dir, "vm.vnc");
  const open = new Set<Socket>();
  const vnc = createServer((s) => {
    open.add(s);
    s.on("close", () => open.delete(s));
    s.write("RFB 003.008\n");
    s.pipe(s);
  });
  await new Promise<void>((resolve) => vnc.listen(vncSocket, resolve));
  const http = createHttpServer();
  http.on("upgrade", (req, socket, head) => {
    open.add(socket as Socket);
    bridgeVnc(req, socket, head, vncSocket, silentLogger);
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  port = (http.address() as AddressInfo).port;
  cleanup = async () => {
    for (const s of open) s.destroy();
    await new Promise((r) => http.close(r));
    await new Promise((r) => vnc.close(r));
    await t.cleanup();
  };
});
afterAll(() => cleanup());

const handshake =
  "HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\n" +
  "sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n";

/** A masked client frame (RFC 6455 §5.3). */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  const mask = Buffer.from([1, 2, 3, 4]);
  const masked = Buffer.from(payload.map((b, i) => b ^ mask[i & 3]!));
  return Buffer.concat([Buffer.from([0x80 | opcode, 0x80 | payload.length]), mask, masked]);
}

function open(): Promise<{ socket: Socket; read: (bytes: number) => Promise<Buffer> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let buffered: Buffer = Buffer.alloc(0);
    const waiters: (() => void)[] = [];
    socket.on("data", (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      for (const w of waiters.splice(0)) w();
    });
    socket.on("error", reject);
    const read = async (bytes: number): Promise<Buffer> => {
      while (buffered.length < bytes) await new Promise<void>((r) => waiters.push(r));
      const out = buffered.subarray(0, bytes);
      buffered = buffered.subarray(bytes);
      return out;
    };
    socket.write(
      "GET /vnc HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n" +
        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n",
    );
    resolve({ socket, read });
  });
}

describe("VNC bridge", () => {
  it("answers the handshake (RFC 6455's own example key) and carries bytes both ways", async () => {
    const { socket, read } = await open();
    expect((await read(handshake.length)).toString("latin1")).toBe(handshake);
    expect([...(await read(2))]).toEqual([0x82, 12]);
    expect((await read(12)).toString()).toBe("RFB 003.008\n");
    socket.write(clientFrame(2, Buffer.from("hello")));
    expect([...(await read(2))]).toEqual([0x82, 5]);
    expect((await read(5)).toString()).toBe("hello");
    socket.write(clientFrame(9, Buffer.from("ping")));
    expect([...(await read(6))]).toEqual([0x8a, 4, ...Buffer.from("ping")]);
    socket.destroy();
  });

  it("drops a client whose frames are not masked", async () => {
    const { socket, read } = await open();
    await read(handshake.length + 14);
    const closed = new Promise((r) => socket.on("close", r));
    socket.write(Buffer.from([0x82, 5, ...Buffer.from("hello")]));
    await closed;
  });
});
