import path from "node:path";
import { count } from "@tremplin/domain/french";
import { isOpenAt } from "@tremplin/domain/schedule";
import type { Logger } from "pino";
import { readInventory } from "../agent/inventory";
import { ScheduleCache } from "../agent/schedule-cache";
import type { KioskConfig } from "../config";
import { getVerifiedMaster, listMasters } from "../masters/catalog";
import { readOutboxDepth } from "../outbox/outbox";
import { createDeviceClient } from "../portal/device-client";
import { findDeviceToken } from "../portal/token-file";
import { type Check, clockCheck, diskCheck, memoryCheck } from "./checklist";
import { checkDirectoryReachable } from "./directory-reachable";

export type DoctorProbes = {
  /** QEMU's version line, and the KVM verdict with its reason (from the QEMU layer's probe). */
  qemu: () => Promise<Check[]>;
};

/** Every check of `tremplin-kiosk doctor`, in the order a technician reads them. */
export async function runDoctorChecks(
  config: KioskConfig,
  probes: DoctorProbes,
  options: { verifyMasters: boolean; log: Logger },
): Promise<Check[]> {
  const checks: Check[] = [...(await probes.qemu())];
  const inv = await readInventory(config.dataDir);
  checks.push({
    label: "Processeur",
    level: inv.cpu.virtualization ? "ok" : "warn",
    detail: `${inv.cpu.model}, ${inv.cpu.cores} cœurs${inv.cpu.virtualization ? ", VT-x/AMD-V annoncé" : ", sans VT-x/AMD-V"}`,
  });
  checks.push(memoryCheck(inv.memory.totalBytes, inv.memory.availableBytes));
  checks.push(diskCheck(inv.disk.freeBytes, config.dataDir));

  const token = await findDeviceToken(config.portal.tokenFile, options.log);
  const client = createDeviceClient({
    baseUrl: config.portal.url,
    getToken: async () => token,
    timeoutMs: 10_000,
  });
  const cache = await ScheduleCache.open(path.join(config.dataDir, "schedule.json"), options.log);
  const cachedBefore = cache.schedule !== undefined;
  if (!token) {
    checks.push({
      label: "Portail",
      level: cachedBefore ? "warn" : "fail",
      detail: `poste non enregistré (${config.portal.tokenFile} absent) : tremplin-kiosk register --portal … --code …`,
    });
  } else {
    const result = await cache.refresh(client);
    checks.push(
      result === "failed"
        ? {
            label: "Portail",
            level: cachedBefore ? "warn" : "fail",
            detail: `${cache.lastError}${cachedBefore ? " (planning en cache utilisé)" : " — aucun planning connu"}`,
          }
        : { label: "Portail", level: "ok", detail: `${config.portal.url} joignable, planning à jour` },
    );
  }
  checks.push(clockCheck(cache.clockSkewMs));
  checks.push(await checkDirectoryReachable(config.directory));
  checks.push(...(await masterChecks(config, cache, options.verifyMasters)));

  const depth = await readOutboxDepth(path.join(config.dataDir, "outbox"));
  checks.push({
    label: "Émargements",
    level: depth > 500 ? "warn" : "ok",
    detail: depth === 0 ? "tout est transmis" : `${count(depth, "événement")} en attente d'envoi`,
  });
  return checks;
}

async function masterChecks(config: KioskConfig, cache: ScheduleCache, verify: boolean): Promise<Check[]> {
  const present = await listMasters(config.mastersDir);
  const label = "Masters";
  const checks: Check[] = [];
  if (present.length === 0) {
    checks.push({ label, level: "fail", detail: `aucun master dans ${config.mastersDir}` });
  } else {
    const list = present
      .map((m) => `${m.name} ${m.version}${m.isVerified ? " ✓" : " (non vérifié)"}`)
      .join(", ");
    checks.push({ label, level: "ok", detail: list });
  }
  const now = new Date();
  const needed = (cache.schedule?.sessions ?? []).filter(
    (s) => s.master && Date.parse(s.endsAt) > now.getTime(),
  );
  for (const s of needed) {
    const ref = s.master!;
    const isNow = isOpenAt(s, now, config.grace);
    const found = present.find((m) => m.name === ref.name && m.version === ref.version);
    const what = `« ${s.trainingTitle} » → ${ref.name} ${ref.version}`;
    if (!found) {
      checks.push({ label: "Master requis", level: isNow ? "fail" : "warn", detail: `${what} absent` });
    } else if (verify && !found.isVerified) {
      const ok = await getVerifiedMaster(config.mastersDir, ref).then(
        () => true,
        () => false,
      );
      checks.push({
        label: "Master requis",
        level: ok ? "ok" : "fail",
        detail: `${what} ${ok ? "vérifié" : "altéré"}`,
      });
    }
  }
  return checks;
}
