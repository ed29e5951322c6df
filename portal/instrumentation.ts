import type { Instrumentation } from "next";

/**
 * Runs once when a portal instance starts. A bad setting stops it here with one line naming
 * the variable, rather than on the first request. To export traces, register an OpenTelemetry
 * SDK here (e.g. @opentelemetry/sdk-node with an OTLP exporter): the spans that
 * server/http.ts opens through @opentelemetry/api will then flow to it.
 */
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { parsePortalEnv } = await import("./env");
  const parsed = parsePortalEnv(process.env);
  if (!parsed.ok) {
    console.error(parsed.message);
    process.exit(2);
  }
}

export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  const { log } = await import("./server/log");
  log.error(
    { err: error, path: request.path, method: request.method, route: context.routePath },
    "request error",
  );
};
