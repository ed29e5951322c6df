/**
 * Login latency and throughput against a Samba AD DC on loopback, beside a raw bind.
 *
 *   npx tsx bench/ldap-login.ts [--logins 200] [--concurrency 8]
 *
 * "Our login" is `authenticate()`: service-account search, the user's own LDAPS bind, nested
 * groups and roles. The baseline is what FACTS.md measured: `ldapsearch -x … -b '' -s base 1.1`,
 * one process per bind (ldapwhoami does not work on Samba), timed by bash around each run.
 * Targets (issue 3): our median ≤ 2× the raw bind's, and ≥ 50 logins/s with 8 at a time.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs, promisify } from "node:util";
import { authenticate } from "@tremplin/directory/authenticate";
import { openDirectory } from "@tremplin/directory/client";
import { parseDirectoryEnv } from "@tremplin/directory/config";
import { type SambaDc, startSambaDc } from "@tremplin/testkit/samba-dc";
import { openDcAdmin } from "@tremplin/testkit/samba-dc-admin";

const { values } = parseArgs({
  options: { logins: { type: "string", default: "200" }, concurrency: { type: "string", default: "8" } },
});
const logins = Number(values.logins);
const concurrency = Number(values.concurrency);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;

const dc = await startSambaDc();
try {
  const admin = await openDcAdmin(dc);
  const ou = await admin.createOu("Bench");
  const service = await admin.createUser(ou, { username: "svc-bench" });
  const trainers = await admin.createGroup(ou, "Formateurs");
  const north = await admin.createGroup(ou, "Formateurs Nord");
  await admin.addMember(trainers, north);
  const user = await admin.createUser(ou, { username: "bench", groups: [north] });
  await admin.close();

  const config = parseDirectoryEnv({
    TREMPLIN_LDAP_URL: dc.ipUrl,
    TREMPLIN_LDAP_TLS_SERVERNAME: dc.servername,
    TREMPLIN_LDAP_CA_FILE: dc.caFile,
    TREMPLIN_LDAP_BASE_DN: dc.baseDn,
    TREMPLIN_LDAP_BIND_DN: service.dn,
    TREMPLIN_LDAP_BIND_PASSWORD: service.password,
    TREMPLIN_LDAP_GROUP_TRAINER: trainers,
  })!;
  const directory = await openDirectory(config);
  const login = async () => {
    const started = performance.now();
    const result = await authenticate(directory, { login: user.username, password: user.password });
    if (!result.ok || !result.user.roles.includes("trainer"))
      throw new Error(`login failed: ${JSON.stringify(result)}`);
    return performance.now() - started;
  };

  for (let i = 0; i < 10; i++) await login(); // warm-up: service connection, JIT
  const sequential: number[] = [];
  for (let i = 0; i < logins; i++) sequential.push(await login());

  const parallelStart = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < logins) await login();
    }),
  );
  const perSecond = logins / ((performance.now() - parallelStart) / 1000);
  await directory.close();

  const raw = await rawBinds(dc, user.upn, user.password, logins, concurrency);

  const ours = median(sequential);
  const rawMedian = median(raw.durations);
  console.log(`Samba AD DC ${dc.servername} on ${dc.hostIp}, ${logins} logins each way`);
  console.log(
    `raw bind (ldapsearch, 1 process per bind): median ${fmt(rawMedian)}, p95 ${fmt(p95(raw.durations))}`,
  );
  console.log(`our login (search + bind + nested groups): median ${fmt(ours)}, p95 ${fmt(p95(sequential))}`);
  console.log(`median ratio ours/raw: ${(ours / rawMedian).toFixed(2)} (target ≤ 2)`);
  console.log(
    `throughput at concurrency ${concurrency}: ours ${perSecond.toFixed(0)} logins/s (target ≥ 50),`,
  );
  console.log(
    `  raw ${raw.perSecond.toFixed(0)} binds/s, ratio ours/raw ${(perSecond / raw.perSecond).toFixed(2)}`,
  );
} finally {
  await dc.stop();
}

/**
 * The DC's certificate names <HOST>.<realm> only, and ldapsearch has no way to check a name
 * other than the one it connects to. A private mount namespace sees an /etc/hosts with that
 * name, so the raw bind verifies the certificate too, and nothing changes for anyone else.
 */
async function rawBinds(dc: SambaDc, upn: string, password: string, count: number, parallel: number) {
  const dir = await mkdtemp(path.join(tmpdir(), "tremplin-bench-"));
  try {
    const hosts = path.join(dir, "hosts");
    await writeFile(hosts, `${await readFile("/etc/hosts", "utf8")}\n${dc.hostIp} ${dc.servername}\n`);
    const bind = `ldapsearch -x -H ${dc.url} -D "$UPN" -w "$PW" -b '' -s base 1.1 >/dev/null || exit 1`;
    const loop = (n: number) =>
      `for i in $(seq ${n}); do s=$EPOCHREALTIME; ${bind}; echo "$s $EPOCHREALTIME"; done`;
    const script = [
      `mount --bind ${hosts} /etc/hosts`,
      `${loop(10)} >/dev/null`,
      loop(count),
      `start=$EPOCHREALTIME`,
      ...Array.from({ length: parallel }, () => `(${loop(Math.ceil(count / parallel))} >/dev/null) &`),
      `wait`,
      `echo "wall $start $EPOCHREALTIME"`,
    ].join("\n");
    const { stdout } = await promisify(execFile)(
      "unshare",
      ["--mount", "--propagation", "private", "bash", "-c", script],
      {
        env: { ...process.env, LDAPTLS_CACERT: dc.caFile, UPN: upn, PW: password },
        timeout: 600_000,
      },
    );
    const lines = stdout.trim().split("\n");
    const wall = lines.pop()!.split(" ").map(Number);
    const durations = lines.map((line) => {
      const [s, e] = line.split(" ").map(Number);
      return (e! - s!) * 1000;
    });
    const total = Math.ceil(count / parallel) * parallel;
    return { durations, perSecond: total / (wall[2]! - wall[1]!) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
