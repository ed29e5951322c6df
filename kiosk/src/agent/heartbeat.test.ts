import { writeFile } from "node:fs/promises";
import path from "node:path";
import { heartbeatRequestSchema } from "@tremplin/domain/device";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterEach, describe, expect, it } from "vitest";
import { silentLogger } from "../log";
import { installMaster } from "../masters/catalog";
import { Outbox } from "../outbox/outbox";
import { createDeviceClient } from "../portal/device-client";
import { makeErrorEvent } from "../testing/events";
import { startPortalStub } from "../testing/portal-stub";
import { agentVersion } from "../version";
import { buildHeartbeat, startHeartbeat } from "./heartbeat";
import type { AgentStatus } from "./status";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const idle: AgentStatus = {
  state: "idle",
  user: null,
  session: null,
  master: null,
  accel: null,
  accelReason: null,
  since: new Date().toISOString(),
  message: null,
  hasVnc: false,
};

describe("heartbeat", () => {
  it("reports this host's inventory, the masters present, the outbox depth and the probed accelerator", async () => {
    const tmp = await makeTmpDir("heartbeat-");
    cleanups.push(tmp.cleanup);
    const mastersDir = path.join(tmp.dir, "masters");
    const disk = path.join(tmp.dir, "disk.qcow2");
    await writeFile(disk, "not really a disk");
    await installMaster(mastersDir, { name: "demo-linux", version: "1", file: disk });
    const outbox = await Outbox.open(path.join(tmp.dir, "outbox"), silentLogger);
    cleanups.push(() => outbox.close());
    await outbox.append(makeErrorEvent(1));

    const body = await buildHeartbeat({
      client: createDeviceClient({
        baseUrl: "http://127.0.0.1:1",
        getToken: async () => "t",
        timeoutMs: 100,
      }),
      log: silentLogger,
      dataDir: tmp.dir,
      mastersDir,
      outbox,
      status: () => idle,
      probedAccel: () => ({ accel: "tcg", reason: "KVM internal error" }),
    });
    expect(heartbeatRequestSchema.parse(body)).toEqual(body);
    expect(body).toMatchObject({
      agentVersion,
      state: "idle",
      accelerator: "tcg",
      acceleratorReason: "KVM internal error",
      outboxDepth: 1,
      masters: [{ name: "demo-linux", version: "1", verified: true }],
    });
    expect(body.inventory.cpu.cores).toBeGreaterThan(0);
    expect(body.inventory.memory.totalBytes).toBeGreaterThan(body.inventory.memory.availableBytes);
    expect(body.inventory.disk.freeBytes).toBeGreaterThan(0);
    expect(body.inventory.os.kernel).not.toBe("");
  });

  it("is sent to the portal, which parses it with the shared contract", async () => {
    const tmp = await makeTmpDir("heartbeat-");
    const portal = await startPortalStub();
    cleanups.push(tmp.cleanup, () => portal.stop());
    const outbox = await Outbox.open(path.join(tmp.dir, "outbox"), silentLogger);
    cleanups.push(() => outbox.close());
    const heartbeat = startHeartbeat({
      client: createDeviceClient({
        baseUrl: portal.url,
        getToken: async () => portal.token,
        timeoutMs: 5000,
      }),
      log: silentLogger,
      dataDir: tmp.dir,
      mastersDir: path.join(tmp.dir, "masters"),
      outbox,
      status: () => idle,
      probedAccel: () => ({ accel: null, reason: null }),
      everyMs: 3_600_000,
    });
    cleanups.push(async () => heartbeat.stop());
    expect(await heartbeat.sendNow()).toBe(true);
    expect(portal.heartbeats.at(-1)).toMatchObject({ state: "idle", outboxDepth: 0, masters: [] });
  });
});
