import { readFile } from "node:fs/promises";
import { isIP } from "node:net";
import type { ConnectionOptions } from "node:tls";
import { AppError } from "@tremplin/domain/errors";
import { Client, type Entry, type SearchOptions } from "ldapts";
import type { DirectoryConfig } from "./config";
import { classifyDirectoryError, DirectoryError } from "./errors";

/** The subset of pino's logger the directory writes to (one JSON line per event). */
export type DirectoryLogger = {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
};

export type Directory = {
  readonly config: DirectoryConfig;
  readonly logger: DirectoryLogger;
  readonly hasServiceAccount: boolean;
  /**
   * Opens a new connection and binds as `name` (a DN, a UPN or DOMAIN\user). The caller
   * closes it. Throws a classified `DirectoryError`.
   */
  bindAs(name: string, password: string): Promise<BoundConnection>;
  /** Searches with the service account on its reused connection. */
  search(base: string, options: SearchOptions): Promise<Entry[]>;
  /**
   * Runs writes (provisioning) on the service connection. Failures to connect or bind come
   * out classified; errors of `work` itself come out as ldapts threw them.
   */
  withService<T>(work: (client: Client) => Promise<T>): Promise<T>;
  close(): Promise<void>;
};

export type BoundConnection = {
  search(base: string, options: SearchOptions): Promise<Entry[]>;
  close(): void;
};

const silent: DirectoryLogger = { info() {}, warn() {}, error() {} };

/**
 * Prepares a directory client: reads the CA file now (a wrong path is a start-up error,
 * not a sign-in error), connects lazily. Every operation has `config.timeoutMs`.
 */
export async function openDirectory(
  config: DirectoryConfig,
  options: { logger?: DirectoryLogger } = {},
): Promise<Directory> {
  const logger = options.logger ?? silent;
  const tls = await tlsOptions(config);
  let service: Promise<Client> | undefined;

  const connect = async (): Promise<Client> => {
    const client = new Client({
      url: config.url,
      timeout: config.timeoutMs,
      connectTimeout: config.timeoutMs,
      // ldapts speaks TLS from the first byte whenever tlsOptions is set: only for ldaps://.
      ...(config.transport === "ldaps" ? { tlsOptions: tls } : {}),
    });
    if (config.transport === "starttls") {
      // ldapts puts no timer on the TLS handshake that follows the StartTLS answer.
      await withDeadline(
        client.startTLS({ ...tls }),
        config.timeoutMs,
        () => void client.unbind().catch(() => {}),
      );
    }
    return client;
  };

  const bind = async (client: Client, name: string, password: string) => {
    // A simple bind sends the password as is: only over TLS, unless a lab said otherwise.
    if (config.transport === "plain" && !config.allowPlain) {
      throw new DirectoryError("insecure_connection", "bind simple refusé sur une connexion non chiffrée");
    }
    if (password.length === 0) {
      // RFC 4513 §5.1.2: an empty password is an unauthenticated bind, which Windows AD accepts.
      throw new DirectoryError("empty_password", "mot de passe vide refusé avant le bind");
    }
    await client.bind(name, password);
  };

  const freshService = async (): Promise<Client> => {
    if (!config.service)
      throw new AppError("config_invalid", "aucun compte de service (TREMPLIN_LDAP_BIND_DN)");
    const client = await connect();
    try {
      await bind(client, config.service.dn, config.service.password);
      return client;
    } catch (error) {
      void client.unbind().catch(() => {});
      throw error;
    }
  };
  // One service connection, reused while its socket lives (AD drops idle ones after
  // MaxConnIdleTime); callers that find it dead at the same time share one replacement.
  const serviceClient = async (): Promise<Client> => {
    const seen = service;
    const client = await seen?.catch(() => undefined);
    if (client?.isConnected && client.isBound) return client;
    if (service !== seen) return serviceClient();
    service = freshService();
    service.catch(() => {});
    return service;
  };

  const classified = async <T>(what: string, work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      if (error instanceof AppError) throw error;
      const failure = classifyDirectoryError(error);
      logger.warn(
        { event: "directory_error", what, code: failure.code, detail: failure.detail },
        "annuaire : échec",
      );
      throw failure;
    }
  };

  return {
    config,
    logger,
    hasServiceAccount: Boolean(config.service),
    async bindAs(name, password) {
      const client = await classified("connexion", connect);
      try {
        await bind(client, name, password);
      } catch (error) {
        void client.unbind().catch(() => {});
        throw classifyDirectoryError(error);
      }
      return {
        search: (base, options) =>
          classified("recherche", async () => (await client.search(base, options)).searchEntries),
        close: () =>
          void client.unbind().catch((error: unknown) => {
            logger.warn({ event: "directory_unbind_failed", error: String(error) }, "annuaire : unbind");
          }),
      };
    },
    search: (base, options) =>
      classified("recherche (compte de service)", async () => {
        const client = await serviceClient();
        try {
          return (await client.search(base, options)).searchEntries;
        } catch (error) {
          // AD drops idle connections (MaxConnIdleTime); one retry on a fresh one is safe for a read.
          if (classifyDirectoryError(error).code !== "unreachable") throw error;
          return (await (await serviceClient()).search(base, options)).searchEntries;
        }
      }),
    async withService(work) {
      const client = await classified("connexion (compte de service)", serviceClient);
      return work(client);
    },
    async close() {
      const current = service;
      service = undefined;
      const client = await current?.catch(() => undefined);
      await client?.unbind().catch(() => {});
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
