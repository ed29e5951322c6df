import { type SambaDc, startSambaDc } from "@tremplin/testkit/samba-dc";
import { type DcAdmin, openDcAdmin, type TestUser } from "@tremplin/testkit/samba-dc-admin";
import { type Directory, type DirectoryLogger, openDirectory } from "../client";
import { type DirectoryConfig, parseDirectoryEnv } from "../config";

export type TestDirectory = {
  dc: SambaDc;
  admin: DcAdmin;
  /** A plain domain user (no privilege) used as the service account for searches. */
  serviceUser: TestUser;
  /** TREMPLIN_LDAP_* values that reach this DC; override any key. */
  env(overrides?: Record<string, string | undefined>): Record<string, string | undefined>;
  config(overrides?: Record<string, string | undefined>): DirectoryConfig;
  open(overrides?: Record<string, string | undefined>, logger?: DirectoryLogger): Promise<Directory>;
  stop(): Promise<void>;
};

/** One Samba DC for a test file, with a non-privileged service account. Tests make their own OUs. */
export async function startTestDirectory(): Promise<TestDirectory> {
  const dc = await startSambaDc();
  try {
    const admin = await openDcAdmin(dc);
    const ou = await admin.createOu("Services");
    const serviceUser = await admin.createUser(ou, { username: "svc-tremplin" });
    const env = (overrides: Record<string, string | undefined> = {}) => ({
      TREMPLIN_LDAP_URL: dc.ipUrl,
      TREMPLIN_LDAP_TLS_SERVERNAME: dc.servername,
      TREMPLIN_LDAP_CA_FILE: dc.caFile,
      TREMPLIN_LDAP_BASE_DN: dc.baseDn,
      TREMPLIN_LDAP_BIND_DN: serviceUser.dn,
      TREMPLIN_LDAP_BIND_PASSWORD: serviceUser.password,
      TREMPLIN_LDAP_TIMEOUT_MS: "5000",
      ...overrides,
    });
    const config = (overrides?: Record<string, string | undefined>) => parseDirectoryEnv(env(overrides))!;
    return {
      dc,
      admin,
      serviceUser,
      env,
      config,
      open: (overrides, logger) => openDirectory(config(overrides), { logger }),
      stop: async () => {
        await admin.close().catch(() => {});
        await dc.stop();
      },
    };
  } catch (error) {
    await dc.stop();
    throw error;
  }
}

/** Collects log lines so that a test can assert one was written. */
export function captureLogger(): DirectoryLogger & {
  lines: { level: string; fields: object; message: string }[];
} {
  const lines: { level: string; fields: object; message: string }[] = [];
  const at = (level: string) => (fields: object, message: string) =>
    void lines.push({ level, fields, message });
  return { lines, info: at("info"), warn: at("warn"), error: at("error") };
}
