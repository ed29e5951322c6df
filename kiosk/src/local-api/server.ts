import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { usernameSchema } from "@tremplin/domain/device";
import { parseOrThrow } from "@tremplin/domain/errors";
import type { Logger } from "pino";
import { z } from "zod";
import type { KioskAgent } from "../agent/kiosk-agent";
import { renderLoginPage } from "../login-page/render";
import type { StatusView } from "../login-page/view";
import {
  isLoopbackRequest,
  isPageOrigin,
  readBody,
  redirect,
  sendError,
  sendJson,
  sendText,
  setSecurityHeaders,
} from "./http-helpers";
import { findStaticFile } from "./static-files";
import { bridgeVnc, refuseUpgrade } from "./vnc-proxy";

const loginSchema = z.object({ username: usernameSchema, password: z.string().max(1024) });
/** The logout dialog's box, sent as JSON `true` by the script or `on` by the plain form. */
const logoutSchema = z.object({
  confirmPresence: z
    .union([z.boolean(), z.literal("on")])
    .optional()
    .transform((v) => v === true || v === "on"),
});

export type LocalApi = { port: number; close: () => Promise<void> };

type Options = {
  agent: KioskAgent;
  view: () => StatusView;
  /** 0 picks a free port (tests). */
  port: number;
  log: Logger;
};

/**
 * The agent's HTTP face on 127.0.0.1 only: the login page and its assets, `GET /status`,
 * `POST /session` (login), `DELETE /session` (logout), and the VM's screen at `/vnc`.
 * Handlers parse, call the agent, answer.
 */
export async function startLocalApi(options: Options): Promise<LocalApi> {
  const { agent, view, log } = options;
  let port = options.port;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://localhost");
    const key = `${req.method} ${url.pathname}`;
    if (key === "GET /") return sendText(res, 200, "text/html; charset=utf-8", renderLoginPage(view()));
    if (key === "GET /status") return sendJson(res, 200, view());
    // Browsers ask for it on every page; nothing to show, nothing to log.
    if (key === "GET /favicon.ico") return sendText(res, 204, "image/x-icon", "");
    if (key === "POST /session") {
      const { value, isForm } = await readBody(req);
      try {
        const body = parseOrThrow(loginSchema, value, "Connexion");
        await agent.login(body.username, body.password);
      } catch (error) {
        // Without the page's script the failure is shown by the page itself (status.message).
        if (isForm) return redirect(res, "/");
        throw error;
      }
      return isForm ? redirect(res, "/") : sendJson(res, 200, view());
    }
    if (key === "DELETE /session" || key === "POST /session/logout") {
      const { value, isForm } = await readBody(req);
      const { confirmPresence } = parseOrThrow(logoutSchema, value, "Déconnexion");
      await agent.logout({ confirmPresence });
      return isForm ? redirect(res, "/") : sendJson(res, 200, view());
    }
    if (req.method === "GET") {
      const file = await findStaticFile(url.pathname);
      if (file) return sendText(res, 200, file.type, file.body);
    }
    sendJson(res, 404, {
      error: { code: "not_found", message: `${req.method} ${url.pathname} : introuvable` },
    });
  }

  const server = createServer((req, res) => {
    setSecurityHeaders(res);
    if (!isLoopbackRequest(req, port)) {
      sendJson(res, 403, { error: { code: "forbidden", message: "Réservé au poste lui-même." } });
      return;
    }
    route(req, res).catch((error) => sendError(res, error, log));
  });
  server.on("upgrade", (req, socket, head) => {
    const vncSocket = agent.runningVm()?.vnc?.socket;
    if (!isLoopbackRequest(req, port) || !isPageOrigin(req, port))
      return refuseUpgrade(socket, "403 Forbidden");
    if (req.url !== "/vnc" || vncSocket === undefined) return refuseUpgrade(socket, "404 Not Found");
    bridgeVnc(req, socket, head, vncSocket, log);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, "127.0.0.1", () => resolve());
  });
  port = (server.address() as AddressInfo).port;
  log.info({ url: `http://127.0.0.1:${port}/` }, "login screen listening");
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
