import "server-only";
import { AppError } from "@tremplin/domain/errors";
import { hasBearerToken } from "./bearer-token";

/**
 * Who may read /api/metrics. Its figures (routes, error rates, mail failures, queue depths)
 * map the service for an attacker, so production wants TREMPLIN_METRICS_TOKEN as a bearer
 * token; without one, the route does not exist there (404). In development it stays open.
 */
export function checkMetricsAccess(
  request: Request,
  settings: { token: string | undefined; isProduction: boolean },
): void {
  if (!settings.token) {
    if (settings.isProduction) throw new AppError("not_found", "Introuvable.");
    return;
  }
  if (!hasBearerToken(request, settings.token)) {
    throw new AppError("unauthenticated", "Jeton de métriques absent ou invalide (TREMPLIN_METRICS_TOKEN).");
  }
}
