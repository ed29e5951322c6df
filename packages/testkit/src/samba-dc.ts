import { randomBytes } from "node:crypto";
import { access, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { execa, type ResultPromise } from "execa";
import { claimLoopbackAddress, releaseLoopbackAddress } from "./samba-dc-address";

/**
 * A Samba AD DC from Debian's `samba` + `winbind` packages (FACTS.md, Samba section), on a
 * loopback address of its own so that a test run, another engineer's run and the demo DC never
 * meet. Its generated certificate names `<HOST>.<realm>` only: connect to `hostIp` and verify
 * the certificate against `servername` with the DC's CA (`caFile`); never turn verification off.
 */
export type SambaDc = {
  /** `ldaps://<HOST>.<realm>:636`: the name the certificate carries; needs DNS or an /etc/hosts line. */
  url: string;
  /** `ldaps://<hostIp>:636`: what to connect to here, with `servername` for the TLS check. */
  ipUrl: string;
  realm: string;
  netbiosDomain: string;
  baseDn: string;
  caFile: string;
  servername: string;
  hostIp: string;
  adminDn: string;
  adminUpn: string;
  adminPassword: string;
  dir: string;
  stop(): Promise<void>;
};

export type StartSambaDcOptions = {
  /** Keep the DC under this folder and reuse it on later starts (the demo); default: a temp folder removed at stop. */
  persistentDir?: string;
  /** Fixed loopback address (the demo uses 127.0.86.1); default: a free random 127.0.86.x. */
  hostIp?: string;
  /** How long to wait for LDAPS after start; a DC that never listens fails loudly. */
  startTimeoutMs?: number;
};

type DcMeta = {
  dir: string;
  realm: string;
  netbiosDomain: string;
  host: string;
  hostIp: string;
  adminPassword: string;
};

const META = "tremplin-dc.json";
const REALM = "tremplin.test";
const NETBIOS = "TREMPLIN";

/** Provisions (or, in persistent mode, reuses) a DC and waits until LDAPS answers. */
export async function startSambaDc(options: StartSambaDcOptions = {}): Promise<SambaDc> {
  const persistent = options.persistentDir !== undefined;
  const dir = persistent
    ? path.resolve(options.persistentDir!)
    : path.join(tmpdir(), `tremplin-dc-${hex(6)}`);
  let meta = persistent ? await readMeta(dir) : undefined;
  const hostIp = await claimLoopbackAddress(options.hostIp ?? meta?.hostIp);
  try {
    if (!meta) meta = await provision(dir, hostIp);
    if (persistent) await stopLeftover(dir);
    const dcProcess = startProcess(meta);
    await waitForLdaps(meta, dcProcess, options.startTimeoutMs ?? 60_000);
    return describe(meta, async () => {
      await stopProcess(dcProcess);
      await releaseLoopbackAddress(hostIp);
      if (!persistent) await rm(dir, { recursive: true, force: true });
    });
  } catch (error) {
    await releaseLoopbackAddress(hostIp);
    if (!persistent) await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function describe(meta: DcMeta, stop: () => Promise<void>): SambaDc {
  const servername = `${meta.host}.${meta.realm}`;
  const baseDn = meta.realm
    .split(".")
    .map((part) => `DC=${part}`)
    .join(",");
  return {
    url: `ldaps://${servername}:636`,
    ipUrl: `ldaps://${meta.hostIp}:636`,
    realm: meta.realm,
    netbiosDomain: meta.netbiosDomain,
    baseDn,
    caFile: path.join(meta.dir, "private", "tls", "ca.pem"),
    servername,
    hostIp: meta.hostIp,
    adminDn: `CN=Administrator,CN=Users,${baseDn}`,
    adminUpn: `Administrator@${meta.realm}`,
    adminPassword: meta.adminPassword,
    dir: meta.dir,
    stop,
  };
}

async function readMeta(dir: string): Promise<DcMeta | undefined> {
  try {
    const meta = JSON.parse(await readFile(path.join(dir, META), "utf8")) as DcMeta;
    // smb.conf holds absolute paths: a folder that moved must be provisioned again.
    if (meta.dir === dir) return meta;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  return undefined;
}

/**
 * `samba-tool domain provision` into `dir`. The metadata file is written last, so a folder
 * without it is a half-done provision and is wiped next time.
 */
async function provision(dir: string, hostIp: string): Promise<DcMeta> {
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, "run"), { recursive: true });
  await mkdir(path.join(dir, "log"), { recursive: true });
  // Upper, lower, digit and symbol: meets AD's default complexity rule.
  const meta: DcMeta = {
    dir,
    realm: REALM,
    netbiosDomain: NETBIOS,
    host: `DC${hex(3).toUpperCase()}`,
    hostIp,
    adminPassword: `Adm-${hex(8)}-X9z`,
  };
  const options = {
    interfaces: hostIp,
    "bind interfaces only": "yes",
    // Only LDAP: Tremplin speaks nothing else, and fewer services start faster and open fewer ports.
    "server services": "ldap",
    "pid directory": path.join(dir, "run"),
    "log file": path.join(dir, "log", "%m"),
    "winbindd socket directory": path.join(dir, "run", "winbindd"),
    "ntp signd socket directory": path.join(dir, "run", "ntp_signd"),
  };
  await run("samba-tool", [
    "domain",
    "provision",
    "--server-role=dc",
    "--dns-backend=NONE",
    `--targetdir=${dir}`,
    `--realm=${meta.realm.toUpperCase()}`,
    `--domain=${meta.netbiosDomain}`,
    `--host-name=${meta.host}`,
    `--adminpass=${meta.adminPassword}`,
    ...Object.entries(options).map(([key, value]) => `--option=${key}=${value}`),
  ]);
  // Lockout policy, so that tests (and the demo) can show AD's own lockout (sub-code 775).
  await run("samba-tool", [
    "domain",
    "passwordsettings",
    "set",
    `-H`,
    path.join(dir, "private", "sam.ldb"),
    "--account-lockout-threshold=5",
    "--account-lockout-duration=30",
    "--reset-account-lockout-after=30",
  ]);
  // The admin password sits in this file: readable by root only.
  const metaFile = path.join(dir, META);
  await writeFile(`${metaFile}.tmp`, JSON.stringify(meta, null, 2), { mode: 0o600 });
  await rename(`${metaFile}.tmp`, metaFile);
  return meta;
}

type DcProcess = { child: ResultPromise; tail: string[] };

function startProcess(meta: DcMeta): DcProcess {
  // `-i` keeps samba in the foreground and makes it exit when its stdin closes: if this
  // Node process dies, the DC dies with it instead of holding the address and ports.
  // `detached` gives it a process group of its own, so a last-resort kill reaches its workers only.
  const child = execa("samba", ["-i", "-M", "prefork", "-s", path.join(meta.dir, "etc", "smb.conf")], {
    stdin: "pipe",
    detached: true,
    reject: false,
    all: true,
    buffer: false,
  });
  const tail: string[] = [];
  child.all?.on("data", (chunk: Buffer) => {
    tail.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    tail.splice(0, Math.max(0, tail.length - 40));
  });
  return { child, tail };
}

async function stopProcess({ child }: DcProcess): Promise<void> {
  if (child.exitCode !== null) return;
  child.stdin?.end();
  const exited = await Promise.race([child.then(() => true), sleep(10_000).then(() => false)]);
  if (!exited && child.pid) {
    process.kill(-child.pid, "SIGKILL");
    await child;
  }
}

/** A DC left running by a crashed demo (persistent mode only): stop it by its own pid file. */
async function stopLeftover(dir: string): Promise<void> {
  const pidFile = path.join(dir, "run", "samba.pid");
  const pid = Number((await readFile(pidFile, "utf8").catch(() => "")).trim());
  if (!pid || !isAlive(pid)) return;
  const cmdline = await readFile(`/proc/${pid}/cmdline`, "utf8").catch(() => "");
  if (!cmdline.startsWith("samba")) return;
  process.kill(pid, "SIGTERM");
  for (let i = 0; i < 100 && isAlive(pid); i++) await sleep(100);
  if (isAlive(pid)) throw new Error(`un contrôleur de domaine Samba (pid ${pid}) tourne encore sur ${dir}`);
}

async function waitForLdaps(meta: DcMeta, dc: DcProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (dc.child.exitCode !== null) {
      throw new Error(
        `samba s'est arrêté (code ${dc.child.exitCode}) avant d'écouter sur ${meta.hostIp}:636 — ` +
          `winbind est-il installé ? Fin du journal :\n${dc.tail.join("\n")}`,
      );
    }
    if (
      (await isListening(meta.hostIp, 636)) &&
      (await exists(path.join(meta.dir, "private", "tls", "ca.pem")))
    ) {
      return;
    }
    await sleep(100);
  }
  await stopProcess(dc);
  throw new Error(`samba n'écoute pas sur ${meta.hostIp}:636 après ${timeoutMs} ms (dossier ${meta.dir})`);
}

export async function run(command: string, args: string[], timeoutMs = 120_000): Promise<string> {
  const result = await execa(command, args, { timeout: timeoutMs, reject: false, all: true });
  if (result.exitCode !== 0 || result.timedOut) {
    const tail = (result.all ?? "").split("\n").slice(-15).join("\n");
    throw new Error(`${command} ${args.slice(0, 3).join(" ")} a échoué (code ${result.exitCode}) :\n${tail}`);
  }
  return result.stdout;
}

function isListening(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(1_000);
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once("connect", () => done(true));
    socket.once("error", () => done(false));
    socket.once("timeout", () => done(false));
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const exists = (file: string) =>
  access(file).then(
    () => true,
    () => false,
  );
const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const hex = (bytes: number) => randomBytes(bytes).toString("hex");
