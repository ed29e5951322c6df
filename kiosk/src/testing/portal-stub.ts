import { createHash, randomBytes, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import {
  type DeviceEvent,
  deviceApiPaths,
  eventsRequestSchema,
  type HeartbeatRequest,
  heartbeatRequestSchema,
  registerRequestSchema,
  type ScheduleResponse,
} from "@tremplin/domain/device";

/**
 * A real HTTP server speaking the device API, standing in for the portal in the kiosk's own
 * tests (the peer, not the code under test). It parses with the shared contract, stores events
 * once by id like the portal must, and can be taken down, brought back on the same port, or made
 * to lose its answers after storing (the case that makes naive retries double events).
 */
export type PortalStub = Awaited<ReturnType<typeof startPortalStub>>;

export async function startPortalStub(options: { schedule?: ScheduleResponse; port?: number } = {}) {
  const token = randomBytes(24).toString("hex");
  const codes = new Set<string>();
  const stored = new Map<string, DeviceEvent>();
  const heartbeats: HeartbeatRequest[] = [];
  const state = {
    schedule: options.schedule,
    deliveries: 0,
    scheduleRequests: 0,
    /** Next N event posts: store, then destroy the socket without answering. */
    dropAnswers: 0,
    /** Batches holding one of these ids are refused whole with 400, as a portal that cannot take it. */
    refuseIds: new Set<string>(),
    revoked: false,
  };

  const etag = () =>
    `"${createHash("sha256").update(JSON.stringify(state.schedule)).digest("hex").slice(0, 20)}"`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? "/";
    if (url === deviceApiPaths.register && req.method === "POST") {
      const body = registerRequestSchema.parse(await readJson(req));
      if (!codes.delete(body.code))
        return send(res, 401, errorBody("unauthenticated", "Code inconnu ou déjà utilisé"));
      const room = state.schedule?.room ?? { id: randomUUID(), name: "Salle de test" };
      return send(res, 201, { kioskId: randomUUID(), token, label: "poste test", room });
    }
    if (req.headers.authorization !== `Bearer ${token}` || state.revoked) {
      return send(res, 401, errorBody("unauthenticated", "Jeton d'appareil inconnu ou révoqué"));
    }
    if (url === deviceApiPaths.schedule && req.method === "GET") {
      state.scheduleRequests++;
      if (!state.schedule) return send(res, 404, errorBody("not_found", "Aucune salle"));
      if (req.headers["if-none-match"] === etag()) {
        res.writeHead(304, { etag: etag() }).end();
        return;
      }
      return send(res, 200, state.schedule, { etag: etag() });
    }
    if (url === deviceApiPaths.events && req.method === "POST") {
      const { events } = eventsRequestSchema.parse(await readJson(req));
      if (events.some((e) => state.refuseIds.has(e.id))) {
        return send(res, 400, errorBody("invalid_input", "Séance inconnue pour cette salle"));
      }
      state.deliveries += events.length;
      const accepted: string[] = [];
      const duplicates: string[] = [];
      for (const e of events) {
        if (stored.has(e.id)) duplicates.push(e.id);
        else {
          stored.set(e.id, e);
          accepted.push(e.id);
        }
      }
      if (state.dropAnswers > 0) {
        state.dropAnswers--;
        req.socket.destroy();
        return;
      }
      return send(res, 200, { accepted, duplicates, rejected: [] });
    }
    if (url === deviceApiPaths.heartbeat && req.method === "POST") {
      heartbeats.push(heartbeatRequestSchema.parse(await readJson(req)));
      return send(res, 200, { receivedAt: new Date().toISOString() });
    }
    send(res, 404, errorBody("not_found", `${req.method} ${url}`));
  }

  let server: Server | undefined;
  let port = options.port ?? 0;

  async function start(): Promise<void> {
    const s = createServer((req, res) => {
      handle(req, res).catch((error: Error) => send(res, 400, errorBody("invalid_input", error.message)));
    });
    await new Promise<void>((resolve, reject) => {
      s.once("error", reject);
      s.listen(port, "127.0.0.1", () => resolve());
    });
    port = (s.address() as AddressInfo).port;
    server = s;
  }

  async function stop(): Promise<void> {
    const s = server;
    server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  await start();
  return {
    get url() {
      return `http://127.0.0.1:${port}`;
    },
    token,
    stored,
    heartbeats,
    state,
    /** A one-time registration code, as IT would print it. */
    issueCode(): string {
      const code = randomBytes(6).toString("hex");
      codes.add(code);
      return code;
    },
    start,
    stop,
  };
}

function errorBody(code: string, message: string) {
  return { error: { code, message } };
}

function send(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent || res.destroyed) return;
  res.writeHead(status, { "content-type": "application/json; charset=utf-8", ...headers });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}
