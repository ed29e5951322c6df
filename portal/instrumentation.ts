import type { Instrumentation } from "next";

/**
 * Runs once when a portal instance starts. To export traces, register an OpenTelemetry SDK here
 * (e.g. @opentelemetry/sdk-node with an OTLP exporter): the spans that server/http.ts opens
 * through @opentelemetry/api then flow to it.
 */
export async function register() {
  // Node-only checks live in their own module so that the Edge bundle never sees process.exit.
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  await import("./server/startup-checks");
  // With several processes on one port (bin/tremplin-portal.mjs), each answers the metrics call.
  const { answerMetricsCalls } = await import("./server/metrics");
  answerMetricsCalls();
  // Mails a previous run left queued or in the outbox go out now, not at the next enrolment.
  // Not while `next build` collects pages: a build must never send mail.
  if (process.env.NEXT_PHASE !== "phase-production-build") {
    const { getMailer } = await import("./server/mail/mailer");
    const { getMailWorker } = await import("./server/app-deps");
    getMailer();
    getMailWorker();
    // Sessions that ended while the portal was down get their satisfaction surveys now.
    const { getSurveyInviter } = await import("./server/app-deps");
    getSurveyInviter();
    // Certificates owed (a completion while the portal was down, the demo's finished learners)
    // are issued now, not at the next event.
    const { getCertificateWorker } = await import("./server/certificates/issuance-deps");
    getCertificateWorker();
    // The evidence vault's checkpoints: signed and time-stamped while entries arrive.
    const { getCheckpointPublisher } = await import("./server/vault/vault-deps");
    getCheckpointPublisher();
  }
}

export const onRequestError: Instrumentation.onRequestError = async (error, request, context) => {
  const { log } = await import("./server/log");
  log.error(
    { err: error, path: request.path, method: request.method, route: context.routePath },
    "request error",
  );
};
