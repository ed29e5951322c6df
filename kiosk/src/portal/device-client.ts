import {
  type DeviceEvent,
  deviceApiPaths,
  deviceAuthorization,
  deviceErrorBodySchema,
  type EventsResponse,
  eventsResponseSchema,
  type HeartbeatRequest,
  heartbeatResponseSchema,
  type RegisterRequest,
  type RegisterResponse,
  registerResponseSchema,
  type ScheduleResponse,
  scheduleResponseSchema,
} from "@tremplin/domain/device";
import { AppError } from "@tremplin/domain/errors";
import type { z } from "zod";

export type ScheduleFetch =
  | { status: "unchanged"; serverDate: Date | undefined }
  | { status: "changed"; etag: string | undefined; schedule: ScheduleResponse; serverDate: Date | undefined };

export type DeviceClient = ReturnType<typeof createDeviceClient>;

type Options = {
  baseUrl: string;
  /** Read at each call: `register` may write it while the agent runs. */
  getToken: () => Promise<string | undefined>;
  timeoutMs: number;
};

/**
 * The kiosk's side of the device API. Every response body is parsed with the shared contract.
 * Failures are `AppError`s: `unavailable` (network, timeout, 5xx: retry later),
 * `unauthenticated` (401: token revoked or never registered), `invalid_input` (4xx: our bug).
 */
export function createDeviceClient(options: Options) {
  const base = options.baseUrl.replace(/\/+$/, "");

  async function call(
    method: string,
    route: string,
    init: { body?: unknown; headers?: Record<string, string>; anonymous?: boolean },
  ): Promise<Response> {
    const headers: Record<string, string> = { accept: "application/json", ...init.headers };
    if (init.body !== undefined) headers["content-type"] = "application/json";
    if (!init.anonymous) {
      const token = await options.getToken();
      if (!token)
        throw new AppError("unauthenticated", "Ce poste n'est pas enregistré (aucun jeton d'appareil).");
      headers.authorization = deviceAuthorization(token);
    }
    let response: Response;
    try {
      response = await fetch(`${base}${route}`, {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(options.timeoutMs),
      });
    } catch (cause) {
      throw new AppError("unavailable", `Portail injoignable (${base}) : ${describe(cause)}`, { cause });
    }
    if (response.ok || response.status === 304) return response;
    throw await httpError(response, route);
  }

  async function parsed<T extends z.ZodType>(
    response: Response,
    schema: T,
    route: string,
  ): Promise<z.infer<T>> {
    const json = await response.json().catch(() => undefined);
    const result = schema.safeParse(json);
    if (result.success) return result.data;
    throw new AppError("unavailable", `Réponse inattendue du portail sur ${route}`, {
      details: { issues: result.error.issues.slice(0, 5) },
    });
  }

  return {
    async register(body: RegisterRequest): Promise<RegisterResponse> {
      const r = await call("POST", deviceApiPaths.register, { body, anonymous: true });
      return parsed(r, registerResponseSchema, deviceApiPaths.register);
    },

    async getSchedule(etag: string | undefined): Promise<ScheduleFetch> {
      const headers: Record<string, string> = etag ? { "if-none-match": etag } : {};
      const r = await call("GET", deviceApiPaths.schedule, { headers });
      const serverDate = dateHeader(r);
      if (r.status === 304) return { status: "unchanged", serverDate };
      const schedule = await parsed(r, scheduleResponseSchema, deviceApiPaths.schedule);
      return { status: "changed", etag: r.headers.get("etag") ?? undefined, schedule, serverDate };
    },

    async postEvents(events: DeviceEvent[]): Promise<EventsResponse> {
      const r = await call("POST", deviceApiPaths.events, { body: { events } });
      return parsed(r, eventsResponseSchema, deviceApiPaths.events);
    },

    async postHeartbeat(body: HeartbeatRequest): Promise<{ serverDate: Date | undefined }> {
      const r = await call("POST", deviceApiPaths.heartbeat, { body });
      await parsed(r, heartbeatResponseSchema, deviceApiPaths.heartbeat);
      return { serverDate: dateHeader(r) };
    },
  };
}

function dateHeader(response: Response): Date | undefined {
  const value = response.headers.get("date");
  const t = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(t) ? undefined : new Date(t);
}

async function httpError(response: Response, route: string): Promise<AppError> {
  const body = deviceErrorBodySchema.safeParse(await response.json().catch(() => undefined));
  const message = body.success ? body.data.error.message : response.statusText;
  const details = { status: response.status, route };
  if (response.status === 401) {
    return new AppError("unauthenticated", `Le portail refuse ce poste : ${message}`, { details });
  }
  if (response.status === 403)
    return new AppError("forbidden", `Le portail refuse : ${message}`, { details });
  if (response.status === 429 || response.status >= 500) {
    return new AppError("unavailable", `Portail indisponible (HTTP ${response.status}) : ${message}`, {
      details,
    });
  }
  return new AppError(
    "invalid_input",
    `Requête refusée par le portail (HTTP ${response.status}) : ${message}`,
    {
      details: { ...details, issues: body.success ? body.data.error.issues : undefined },
    },
  );
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if (error.name === "TimeoutError") return "délai dépassé";
    return cause?.code ?? cause?.message ?? error.message;
  }
  return String(error);
}
