/**
 * The kiosk agent's own footprint while a session VM runs and nobody touches the post:
 * resident memory and CPU, printed beside QEMU's (the work the post is for).
 *
 *   npx tsx bench/kiosk-footprint.ts [--seconds 60]
 *
 * The real CLI against a real Samba AD DC and a device-API peer; a learner logs in, the tiny demo
 * master boots under TCG and sits at its shell. Then, for `seconds` (a heartbeat falls inside
 * with the default 60), the login page's own traffic goes on (GET /status every second, as
 * Chromium does even behind QEMU's window) and /proc is read at both ends:
 * CPU = (utime + stime) / wall time; RSS = VmRSS, at the end and the largest seen.
 * Run twice: the production form (the esbuild bundle, as deploy/tremplin-kiosk.service runs it)
 * and, for comparison, the dev form (TypeScript through the tsx loader).
 * Targets (issue 4): agent RSS ≤ 80 MB and CPU ≤ 1 % of a core when idle.
 */
import { execFileSync } from "node:child_process";
import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { findQemuOn } from "@tremplin/kiosk/qemu/leftovers";
import { type agentCommands, spawnAgent } from "@tremplin/kiosk/testing/agent-process";
import { login, logout, status } from "@tremplin/kiosk/testing/http";
import { type KioskWorld, startKioskWorld } from "@tremplin/kiosk/testing/kiosk-world";
import { waitFor } from "@tremplin/kiosk/testing/wait-for";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "60" },
    forms: { type: "string", default: "bundle,source" },
  },
});
const forms = values.forms.split(",") as (keyof typeof agentCommands)[];
const seconds = Number(values.seconds);
const ticksPerSecond = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }));
const MB = 1e6;

type Sample = { cpuTicks: number; rssBytes: number };

async function sample(pid: number): Promise<Sample> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8");
  // After the command name in parentheses (which may hold spaces): utime is the 12th field, stime the 13th.
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  const status = await readFile(`/proc/${pid}/status`, "utf8");
  const rssKiB = Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? 0);
  return { cpuTicks: Number(fields[11]) + Number(fields[12]), rssBytes: rssKiB * 1024 };
}

/** The private part of RSS (heaps, stacks); the rest is node's own executable pages, clean and shared. */
async function anonymousBytes(pid: number): Promise<number> {
  const rollup = await readFile(`/proc/${pid}/smaps_rollup`, "utf8");
  return Number(/^Anonymous:\s+(\d+) kB/m.exec(rollup)?.[1] ?? 0) * 1024;
}

async function measure(world: KioskWorld, form: keyof typeof agentCommands) {
  const { config, file } = await world.config({
    logLevel: "info",
    heartbeatSeconds: 60,
    scheduleRefreshSeconds: 60,
  });
  const agent = await spawnAgent(file, { form });
  try {
    await waitFor("schedule", async () => (await status(agent.url)).body.room === "Salle Jean Moulin");
    const r = await login(agent.url, world.learner.username, world.learner.password);
    if (r.body.state !== "running") throw new Error(`login failed: ${JSON.stringify(r.body)}`);
    await waitFor(
      "guest at its shell",
      async () => (await readFile(config.serialFile!, "utf8")).includes("TREMPLIN-BOOT"),
      90_000,
    );
    const [qemuPid] = await findQemuOn(config.overlayDir);
    if (!qemuPid) throw new Error("no QEMU found for the session");
    await new Promise((r) => setTimeout(r, 3000));

    const started = performance.now();
    const a0 = await sample(agent.pid);
    const q0 = await sample(qemuPid);
    let peak = a0.rssBytes;
    while (performance.now() - started < seconds * 1000) {
      await status(agent.url);
      peak = Math.max(peak, (await sample(agent.pid)).rssBytes);
      await new Promise((r) => setTimeout(r, 1000));
    }
    const wall = (performance.now() - started) / 1000;
    const [a1, q1] = [await sample(agent.pid), await sample(qemuPid)];
    const cpu = (s0: Sample, s1: Sample) => ((s1.cpuTicks - s0.cpuTicks) / ticksPerSecond / wall) * 100;
    const anonymous = await anonymousBytes(agent.pid);
    await logout(agent.url);
    return {
      wall,
      agent: { rss: a1.rssBytes, peak, anonymous, cpu: cpu(a0, a1) },
      qemu: { rss: q1.rssBytes, cpu: cpu(q0, q1) },
    };
  } finally {
    agent.child.kill("SIGTERM");
    await agent.exited;
  }
}

execFileSync(process.execPath, ["kiosk/scripts/build.mjs"], { stdio: "inherit" });
const world = await startKioskWorld({ masterMode: "demo" });
try {
  for (const form of forms) {
    const m = await measure(world, form);
    const label = form === "bundle" ? "agent (production bundle)" : "agent (dev, tsx loader)  ";
    console.log(
      `\n${form}: ${m.wall.toFixed(0)} s window, VM at its shell under TCG, GET /status every second`,
    );
    console.log(
      `${label}: RSS ${(m.agent.rss / MB).toFixed(1)} MB (peak ${(m.agent.peak / MB).toFixed(1)}; private ${(m.agent.anonymous / MB).toFixed(1)}, the rest node's executable pages), CPU ${m.agent.cpu.toFixed(2)} % of a core`,
    );
    console.log(
      `QEMU                     : RSS ${(m.qemu.rss / MB).toFixed(1)} MB, CPU ${m.qemu.cpu.toFixed(2)} % of a core`,
    );
    console.log(
      `ratio agent/QEMU: RSS ${(m.agent.peak / m.qemu.rss).toFixed(2)}, CPU ${(m.agent.cpu / Math.max(m.qemu.cpu, 0.01)).toFixed(2)}`,
    );
    console.log(
      `targets (peak RSS ≤ 80 MB, CPU ≤ 1 %): ${m.agent.peak / MB <= 80 && m.agent.cpu <= 1 ? "met" : "NOT met"}`,
    );
  }
} finally {
  await world.stop();
}
