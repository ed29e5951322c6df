import { createHash } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { connect, type Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { Logger } from "pino";

// RFC 6455 §1.3: the server proves it read the handshake by hashing the key with this GUID.
const handshakeGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
const opcode = { continuation: 0, text: 1, binary: 2, close: 8, ping: 9, pong: 10 } as const;
/** noVNC's messages are small (input events, a few KiB); a bigger frame is not noVNC. */
const maxFramePayload = 1024 * 1024;

/**
 * The page's WebSocket at `/vnc`, served by the agent itself and bridged to QEMU's VNC server on
 * its unix socket (in the overlay folder, which only the agent's user can open). QEMU's own
 * WebSocket server is not used: it listens on TCP, where any local process, and any page in the
 * browser, could reach it, and it checks no Origin. The caller has checked Host and Origin.
 */
export function bridgeVnc(
  req: IncomingMessage,
  client: Duplex,
  head: Buffer,
  vncSocket: string,
  log: Logger,
): void {
  const key = req.headers["sec-websocket-key"];
  if (req.headers["sec-websocket-version"] !== "13" || typeof key !== "string") {
    refuseUpgrade(client, "400 Bad Request");
    return;
  }
  const upstream: Socket = connect(vncSocket, () => {
    const accept = createHash("sha1")
      .update(key + handshakeGuid)
      .digest("base64");
    client.write(
      `HTTP/1.1 101 Switching Protocols\r\nupgrade: websocket\r\nconnection: Upgrade\r\nsec-websocket-accept: ${accept}\r\n\r\n`,
    );
    const frames = new FrameReader();
    const fromClient = (chunk: Buffer) => {
      for (const frame of frames.push(chunk)) {
        if (frame === "invalid") return close();
        if (frame.opcode === opcode.close) {
          client.end(encodeFrame(opcode.close, Buffer.alloc(0)));
          return upstream.end();
        }
        if (frame.opcode === opcode.ping) client.write(encodeFrame(opcode.pong, frame.payload));
        else if (frame.opcode !== opcode.pong) upstream.write(frame.payload);
      }
    };
    if (head.length > 0) fromClient(head);
    client.on("data", fromClient);
    upstream.on("data", (chunk: Buffer) => client.write(encodeFrame(opcode.binary, chunk)));
  });
  const close = () => {
    upstream.destroy();
    client.destroy();
  };
  upstream.on("error", (error) => {
    log.warn({ err: error }, "VNC bridge: QEMU's VNC socket is unreachable");
    close();
  });
  client.on("error", close);
  upstream.on("close", close);
  client.on("close", close);
}

export function refuseUpgrade(client: Duplex, status: string): void {
  client.end(`HTTP/1.1 ${status}\r\nconnection: close\r\ncontent-length: 0\r\n\r\n`);
}

type Frame = { opcode: number; payload: Buffer };

/**
 * Client frames (RFC 6455 §5.2), always masked. A fragmented message is passed on piece by piece:
 * VNC is a byte stream, message boundaries carry nothing.
 */
class FrameReader {
  private pending: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): (Frame | "invalid")[] {
    this.pending = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const frames: (Frame | "invalid")[] = [];
    for (;;) {
      const frame = this.next();
      if (frame === undefined) return frames;
      frames.push(frame);
      if (frame === "invalid") return frames;
    }
  }

  private next(): Frame | "invalid" | undefined {
    const b = this.pending;
    if (b.length < 2) return undefined;
    const isMasked = (b[1]! & 0x80) !== 0;
    let length = b[1]! & 0x7f;
    let offset = 2;
    if (length === 126) {
      if (b.length < 4) return undefined;
      length = b.readUInt16BE(2);
      offset = 4;
    } else if (length === 127) {
      if (b.length < 10) return undefined;
      const long = b.readBigUInt64BE(2);
      if (long > BigInt(maxFramePayload)) return "invalid";
      length = Number(long);
      offset = 10;
    }
    if (length > maxFramePayload || !isMasked) return "invalid";
    if (b.length < offset + 4 + length) return undefined;
    const mask = b.subarray(offset, offset + 4);
    const payload = Buffer.from(b.subarray(offset + 4, offset + 4 + length));
    for (let i = 0; i < payload.length; i++) payload[i]! ^= mask[i & 3]!;
    this.pending = b.subarray(offset + 4 + length);
    return { opcode: b[0]! & 0x0f, payload };
  }
}

/** A server frame: final, unmasked (RFC 6455 §5.1). */
function encodeFrame(code: number, payload: Buffer): Buffer {
  const length = payload.length;
  const header =
    length < 126
      ? Buffer.from([0x80 | code, length])
      : length < 65_536
        ? Buffer.from([0x80 | code, 126, length >> 8, length & 0xff])
        : Buffer.concat([Buffer.from([0x80 | code, 127]), bigLength(length)]);
  return Buffer.concat([header, payload]);
}

function bigLength(length: number): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64BE(BigInt(length));
  return b;
}
