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
import { type HttpResponse, httpRequest } from "./http-request";

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
  ): Promise<HttpResponse> {
    const headers: Record<string, string> = { accept: "application/json", ...init.headers };
    if (init.body !== undefined) headers["content-type"] = "application/json";
    if (!init.anonymous) {
      const token = await options.getToken();
      if (!token)
        throw new AppError("unauthenticated", "Ce poste n'est pas enregistré (aucun jeton d'appareil).");
      headers.authorization = deviceAuthorization(token);
    }
    let response: HttpResponse;
    try {
      response = await httpRequest(new URL(`${base}${route}`), {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        timeoutMs: options.timeoutMs,
      });
    } catch (cause) {
      throw new AppError("unavailable", `Portail injoignable (${base}) : ${describe(cause)}`, { cause });
    }
    if ((response.status >= 200 && response.status < 300) || response.status === 304) return response;
    throw httpError(response, route);
  }

  function parsed<T extends z.ZodType>(response: HttpResponse, schema: T, route: string): z.infer<T> {
    const result = schema.safeParse(parseJson(response.body));
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
      const schedule = parsed(r, scheduleResponseSchema, deviceApiPaths.schedule);
      return { status: "changed", etag: r.headers.etag, schedule, serverDate };
    },

    async postEvents(events: DeviceEvent[]): Promise<EventsResponse> {
      const r = await call("POST", deviceApiPaths.events, { body: { events } });
      return parsed(r, eventsResponseSchema, deviceApiPaths.events);
    },

    async postHeartbeat(body: HeartbeatRequest): Promise<{ serverDate: Date | undefined }> {
      const r = await call("POST", deviceApiPaths.heartbeat, { body });
      parsed(r, heartbeatResponseSchema, deviceApiPaths.heartbeat);
      return { serverDate: dateHeader(r) };
    },
  };
}

function dateHeader(response: HttpResponse): Date | undefined {
  const value = response.headers.date;
  const t = value ? Date.parse(value) : Number.NaN;
  return Number.isNaN(t) ? undefined : new Date(t);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function httpError(response: HttpResponse, route: string): AppError {
  const body = deviceErrorBodySchema.safeParse(parseJson(response.body));
  const message = body.success ? body.data.error.message : `HTTP ${response.status}`;
  // The portal's clock is known even from a refusal (doctor's clock check needs no success).
  const details = { status: response.status, route, serverDate: dateHeader(response)?.toISOString() };
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
  if (!(error instanceof Error)) return String(error);
  if (error.name === "TimeoutError") return "délai dépassé";
  return (error as NodeJS.ErrnoException).code ?? error.message;
}
