import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { AppError, parseOrThrow } from "@tremplin/domain/errors";
import type { Logger } from "pino";
import { z } from "zod";
import type { KioskConfig } from "../config";
import {
  isLoopbackRequest,
  readBody,
  redirect,
  sendError,
  sendJson,
  sendText,
  setSecurityHeaders,
} from "../local-api/http-helpers";
import { findStaticFile } from "../local-api/static-files";
import { httpRequest } from "../portal/http-request";
import { type MachineFacts, readMachineFacts } from "./machine-facts";
import { type Registration, registerPost } from "./register-post";
import { renderRegistrationPage } from "./registration-page";

/** IT's codes are upper case; whoever types one on the post need not be. */
const codeSchema = z.object({ code: z.string().trim().min(6).max(128).toUpperCase() });

/** The first-boot screen's state; also the body of its `GET /status`. */
export type FirstBootView = {
  state: "unregistered" | "registering";
  facts: MachineFacts;
  portal: { url: string; reachable: boolean | null };
  message: string | null;
};

/**
 * The screen of a post that has no device token yet: it asks for IT's one-time code (a new post,
 * or a spare taking over a dead one's label), shows what whoever stands there needs to tell IT
 * (serial number, network, whether the portal answers), and resolves once registered. Then the
 * agent starts on the same port and the page reloads itself into the login screen.
 */
export async function waitForRegistration(config: KioskConfig, log: Logger): Promise<Registration> {
  const view: FirstBootView = {
    state: "unregistered",
    facts: await readMachineFacts(),
    portal: { url: config.portal.url, reachable: null },
    message: null,
  };
  const refresh = async () => {
    view.facts = await readMachineFacts();
    view.portal.reachable = await answers(config.portal.url);
  };
  await refresh();
  const timer = setInterval(() => void refresh().catch(() => undefined), 5000);

  let done: (r: Registration) => void = () => undefined;
  const registered = new Promise<Registration>((resolve) => {
    done = resolve;
  });
  let port = config.listenPort;
  const server = createServer((req, res) => {
    setSecurityHeaders(res);
    if (!isLoopbackRequest(req, port)) {
      sendJson(res, 403, { error: { code: "forbidden", message: "Réservé au poste lui-même." } });
      return;
    }
    void (async () => {
      const url = new URL(req.url ?? "/", "http://localhost");
      const key = `${req.method} ${url.pathname}`;
      if (key === "GET /")
        return sendText(res, 200, "text/html; charset=utf-8", renderRegistrationPage(view));
      if (key === "GET /status") return sendJson(res, 200, view);
      if (key === "POST /register") {
        const { value, isForm } = await readBody(req);
        if (view.state === "registering") throw new AppError("conflict", "Enregistrement déjà en cours…");
        view.state = "registering";
        view.message = null;
        try {
          const { code } = parseOrThrow(codeSchema, value, "Code d'enregistrement");
          const registration = await registerPost({
            portalUrl: config.portal.url,
            tokenFile: config.portal.tokenFile,
            dataDir: config.dataDir,
            code,
            facts: view.facts,
            timeoutMs: config.portal.timeoutMs,
          });
          log.info({ label: registration.label, room: registration.room.name }, "post registered");
          isForm ? redirect(res, "/") : sendJson(res, 200, { registered: registration });
          done(registration);
          return;
        } catch (error) {
          view.state = "unregistered";
          view.message = error instanceof Error ? error.message : String(error);
          log.warn({ err: error }, "registration refused");
          if (isForm) return redirect(res, "/");
          throw error;
        }
      }
      if (req.method === "GET") {
        const file = await findStaticFile(url.pathname);
        if (file) return sendText(res, 200, file.type, file.body);
      }
      sendJson(res, 404, {
        error: { code: "not_found", message: `${req.method} ${url.pathname} : introuvable` },
      });
    })().catch((error) => sendError(res, error, log));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.listenPort, "127.0.0.1", () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  log.info({ url: `http://127.0.0.1:${port}/` }, "first-boot screen listening: waiting for IT's code");
  const registration = await registered;
  clearInterval(timer);
  // Let the answer reach the page before the port is handed to the agent.
  await new Promise<void>((resolve) => {
    server.close(() => resolve());
    setTimeout(() => server.closeAllConnections(), 500).unref();
  });
  return registration;
}

/** Whether the portal answers at all (any HTTP status): the network half of "why can't I register". */
async function answers(portalUrl: string): Promise<boolean> {
  try {
    await httpRequest(new URL("/api/health", portalUrl), { method: "GET", headers: {}, timeoutMs: 4000 });
    return true;
  } catch {
    return false;
  }
}
