import { readFile } from "node:fs/promises";
import { isIP } from "node:net";
import type { ConnectionOptions } from "node:tls";
import { AppError } from "@tremplin/domain/errors";
import { Client } from "ldapts";
import type { DirectoryConfig } from "./config";
import { DirectoryError } from "./errors";

export type Connector = {
  /** A new connection, already upgraded when the transport is StartTLS. */
  connect(): Promise<Client>;
  /** A simple bind, refused before it leaves when it would go in clear or be anonymous. */
  bind(client: Client, name: string, password: string): Promise<void>;
};

/** Reads the CA file now, so that a wrong path is a start-up error rather than a sign-in error. */
export async function makeConnector(config: DirectoryConfig): Promise<Connector> {
  const tls = await tlsOptions(config);
  return {
    async connect() {
      const client = new Client({
        url: config.url,
        timeout: config.timeoutMs,
        connectTimeout: config.timeoutMs,
        // ldapts speaks TLS from the first byte whenever tlsOptions is set: only for ldaps://.
        ...(config.transport === "ldaps" ? { tlsOptions: tls } : {}),
      });
      if (config.transport === "starttls") {
        // ldapts puts no timer on the TLS handshake that follows the StartTLS answer.
        const close = () => void client.unbind().catch(() => {});
        await withDeadline(client.startTLS({ ...tls }), config.timeoutMs, close);
      }
      return client;
    },
    async bind(client, name, password) {
      // A simple bind sends the password as is: only over TLS, unless a lab said otherwise.
      if (config.transport === "plain" && !config.allowPlain) {
        throw new DirectoryError("insecure_connection", "bind simple refusé sur une connexion non chiffrée");
      }
      // RFC 4513 §5.1.2: an empty password makes an unauthenticated bind, which Windows AD accepts.
      if (password.length === 0)
        throw new DirectoryError("empty_password", "mot de passe vide refusé avant le bind");
      await client.bind(name, password);
    },
  };
}

async function tlsOptions(config: DirectoryConfig): Promise<ConnectionOptions> {
  let ca: Buffer | undefined;
  if (config.caFile) {
    try {
      ca = await readFile(config.caFile);
    } catch (error) {
      throw new AppError("config_invalid", `TREMPLIN_LDAP_CA_FILE illisible (${config.caFile})`, {
        cause: error,
      });
    }
  }
  const host = new URL(config.url).hostname.replace(/^\[|\]$/g, "");
  // The name the certificate must carry; Node checks it (checkServerIdentity) on every handshake.
  // Without an override, an address in the URL is checked against the certificate's IP entries.
  const servername = config.tlsServername ?? (isIP(host) ? undefined : host);
  return {
    ...(ca ? { ca } : {}),
    ...(servername ? { servername } : {}),
    minVersion: "TLSv1.2",
    rejectUnauthorized: true,
  };
}

/** Rejects with a timeout error (and runs `onTimeout`) if `work` has not settled in `ms`. */
export function withDeadline<T>(work: Promise<T>, ms: number, onTimeout: () => void): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      onTimeout();
      reject(new DirectoryError("timeout", `pas de réponse en ${ms} ms`));
    }, ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
