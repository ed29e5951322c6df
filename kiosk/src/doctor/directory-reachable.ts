import { readFile } from "node:fs/promises";
import { isIP, connect as tcpConnect } from "node:net";
import { connect as tlsConnect } from "node:tls";
import type { KioskConfig } from "../config";
import type { Check } from "./checklist";

/**
 * Can this post open a verified TLS session with the DC? (No bind: doctor holds no password.)
 * For `ldap://` + StartTLS only the TCP connection is tried.
 */
export async function checkDirectoryReachable(d: KioskConfig["directory"]): Promise<Check> {
  const url = new URL(d.url);
  const isLdaps = url.protocol === "ldaps:";
  const port = Number(url.port || (isLdaps ? 636 : 389));
  const host = url.hostname.replace(/^\[|\]$/g, "");
  const label = "Annuaire";
  try {
    const ca = d.caFile ? await readFile(d.caFile) : undefined;
    await new Promise<void>((resolve, reject) => {
      const socket = isLdaps
        ? tlsConnect(
            {
              host,
              port,
              ca,
              servername: d.tlsServername ?? (isIP(host) ? undefined : host),
              rejectUnauthorized: true,
            },
            () => {
              socket.end();
              resolve();
            },
          )
        : tcpConnect({ host, port }, () => {
            socket.end();
            resolve();
          });
      socket.setTimeout(d.timeoutMs, () => socket.destroy(new Error(`pas de réponse en ${d.timeoutMs} ms`)));
      socket.once("error", reject);
    });
    return { label, level: "ok", detail: `${d.url} joignable${isLdaps ? ", certificat vérifié" : " (TCP)"}` };
  } catch (error) {
    return {
      label,
      level: "fail",
      detail: `${d.url} : ${(error as Error).message} — aucune connexion possible`,
    };
  }
}
