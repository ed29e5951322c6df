import { AppError } from "@tremplin/domain/errors";
import type { Client, Entry, SearchOptions } from "ldapts";
import { createBindPool } from "./bind-pool";
import type { DirectoryConfig } from "./config";
import { makeConnector } from "./connection";
import { classifyDirectoryError } from "./errors";

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
   * Binds as `name` (a DN, a UPN or DOMAIN\user) on a connection of the bind pool. The
   * caller closes the result (it goes back to the pool). Throws a classified `DirectoryError`.
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
 * Prepares a directory client; it connects lazily. Every operation is bounded by
 * `config.timeoutMs` (connect, TLS handshake, each LDAP request).
 */
export async function openDirectory(
  config: DirectoryConfig,
  options: { logger?: DirectoryLogger; bindPoolSize?: number } = {},
): Promise<Directory> {
  const logger = options.logger ?? silent;
  const connector = await makeConnector(config);
  const pool = createBindPool(connector, { size: options.bindPoolSize ?? 8, maxIdleMs: 60_000 });
  let service: Promise<Client> | undefined;

  const freshService = async (): Promise<Client> => {
    if (!config.service)
      throw new AppError("config_invalid", "aucun compte de service (TREMPLIN_LDAP_BIND_DN)");
    const client = await connector.connect();
    try {
      await connector.bind(client, config.service.dn, config.service.password);
      return client;
    } catch (error) {
      void client.unbind().catch(() => {});
      throw error;
    }
  };
  // One service connection, reused while its socket lives; callers that find it dead at the
  // same time share one replacement.
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

  const bindAs = async (name: string, password: string, retried = false): Promise<BoundConnection> => {
    const { client, reused } = await classified("connexion", () => pool.take());
    try {
      await connector.bind(client, name, password);
    } catch (error) {
      pool.give(client);
      const failure = classifyDirectoryError(error);
      // The DC may have closed an idle pooled connection just as we used it: one fresh try.
      if (reused && !retried && failure.code === "unreachable") return bindAs(name, password, true);
      throw failure;
    }
    let open = true;
    return {
      search: (base, options) =>
        classified("recherche", async () => (await client.search(base, options)).searchEntries),
      close: () => {
        if (open) pool.give(client);
        open = false;
      },
    };
  };

  return {
    config,
    logger,
    hasServiceAccount: Boolean(config.service),
    bindAs: (name, password) => bindAs(name, password),
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
      await pool.close();
      const client = await current?.catch(() => undefined);
      await client?.unbind().catch(() => {});
    },
  };
}
