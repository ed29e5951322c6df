import { randomBytes } from "node:crypto";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { getTinyMaster, type TinyMaster } from "@tremplin/testkit/tiny-image";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { execa, type ResultPromise } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The post is a network namespace this test makes, with its own loopback and one link to an
// "outside" namespace (198.51.100.0/24, TEST-NET-2): the guest's probes reach no real machine.
// The tiny guest reads its probes through fw_cfg and prints one TREMPLIN-NET line per probe.
const bootGuest = fileURLToPath(new URL("../testing/boot-guest.mjs", import.meta.url));
const isRoot = process.getuid?.() === 0;
const id = randomBytes(3).toString("hex");
const post = `tk-post-${id}`;
const outside = `tk-out-${id}`;

// Answers each connection with its name and closes: the guest prints the first line it reads.
const serverScript = `
const net = require("node:net");
const [host, name, ...ports] = process.argv.slice(1);
let left = ports.length;
for (const port of ports)
  net.createServer((s) => { s.on("error", () => {}); s.end(name + "\\n"); })
    .listen(Number(port), host, () => { if (--left === 0) console.log("listening"); });
`;

let master: TinyMaster;
let dir: string;
let cleanupDir: () => Promise<void>;
const servers: ResultPromise[] = [];

async function ip(...args: string[]): Promise<void> {
  await execa("ip", args);
}

async function serve(netns: string, host: string, name: string, ports: number[]): Promise<void> {
  const server = execa(
    "ip",
    ["netns", "exec", netns, process.execPath, "-e", serverScript, host, name, ...ports.map(String)],
    {
      reject: false,
    },
  );
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.stdout?.once("data", () => resolve());
    void server.then((r) => reject(new Error(`server in ${netns} exited: ${r.stderr}`)));
  });
}

beforeAll(async () => {
  if (!isRoot) return;
  master = await getTinyMaster({ mode: "test" });
  ({ dir, cleanup: cleanupDir } = await makeTmpDir("guest-network-"));
  await ip("netns", "add", post);
  await ip("netns", "add", outside);
  await ip("link", "add", `tkp${id}`, "type", "veth", "peer", "name", `tko${id}`);
  await ip("link", "set", `tkp${id}`, "netns", post);
  await ip("link", "set", `tko${id}`, "netns", outside);
  await ip("-n", post, "addr", "add", "198.51.100.2/24", "dev", `tkp${id}`);
  await ip("-n", outside, "addr", "add", "198.51.100.1/24", "dev", `tko${id}`);
  for (const [ns, dev] of [
    [post, `tkp${id}`],
    [outside, `tko${id}`],
  ] as const) {
    await ip("-n", ns, "link", "set", "lo", "up");
    await ip("-n", ns, "link", "set", dev, "up");
  }
  await ip("-n", post, "route", "add", "default", "via", "198.51.100.1");
  // What a guest must never reach: a service on the post's loopback (the agent's API, say).
  await serve(post, "127.0.0.1", "loopback", [4711]);
  // What it must reach: a host beyond the post.
  await serve(outside, "198.51.100.1", "outside", [80, 4711]);
}, 300_000);

afterAll(async () => {
  if (!isRoot) return;
  for (const server of servers) server.kill("SIGKILL");
  await Promise.all(servers);
  await execa("ip", ["netns", "del", post], { reject: false });
  await execa("ip", ["netns", "del", outside], { reject: false });
  await cleanupDir?.();
});

/** Boots the tiny guest on the post with `probes`; returns its TREMPLIN-NET lines. */
async function probe(probes: string[]): Promise<string[]> {
  const run = randomBytes(3).toString("hex");
  const probeFile = path.join(dir, `probe-${run}.txt`);
  const serialFile = path.join(dir, `serial-${run}.txt`);
  await writeFile(probeFile, `${probes.join("\n")}\n`);
  const args = {
    master: master.path,
    hints: { ...master.hints, nic: "virtio" },
    overlayDir: path.join(dir, `overlays-${run}`),
    serialFile,
    network: "user",
    extraArgs: ["-fw_cfg", `name=opt/tremplin/net-probe,file=${probeFile.replaceAll(",", ",,")}`],
  };
  const result = await execa(
    "ip",
    ["netns", "exec", post, process.execPath, bootGuest, JSON.stringify(args)],
    {
      reject: false,
      timeout: 150_000,
    },
  );
  const serial = await readFile(serialFile, "utf8").catch(() => "");
  expect(result.exitCode, `${result.stdout}\n${result.stderr}\n${serial}`).toBe(0);
  expect(JSON.parse(result.stdout)).toMatchObject({ reason: "guest_poweroff" });
  return serial.split(/\r?\n/).filter((l) => l.startsWith("TREMPLIN-NET:"));
}

describe.skipIf(!isRoot)("the session VM's network (root: the test makes network namespaces)", () => {
  it("reaches a host beyond the post, and nothing listening on the post's loopback, however the guest routes", async () => {
    const lines = await probe([
      // QEMU's user-mode NAT maps its gateway to the host's 127.0.0.1: the classic way in.
      "gateway 4711",
      "198.51.100.1 80",
      "198.51.100.1 4711",
      // A hostile guest is root in its own kernel: it routes 127.0.0.0/8 out of its card.
      "hostile-loopback",
      "127.0.0.1 4711",
      "gateway 4711",
    ]);
    expect(lines).toEqual([
      "TREMPLIN-NET: lease 10.0.2.15/24 gateway 10.0.2.2",
      "TREMPLIN-NET: 10.0.2.2 4711 closed",
      "TREMPLIN-NET: 198.51.100.1 80 outside",
      "TREMPLIN-NET: 198.51.100.1 4711 outside",
      "TREMPLIN-NET: 127.0.0.1 4711 closed",
      "TREMPLIN-NET: 10.0.2.2 4711 closed",
    ]);
  }, 200_000);
});
