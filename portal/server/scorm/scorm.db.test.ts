import { randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Database } from "@tremplin/db/client";
import { assessmentAttempts, auditLog, modules } from "@tremplin/db/schema";
import { setUpTestWorld } from "@tremplin/db/testing";
import { and, eq } from "drizzle-orm";
import { strToU8 } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import { getModulePlayer } from "@/server/learning/get-module-player";
import type { LearningWorld } from "@/server/learning/test-world";
import type { ContentStore } from "./content-store";
import { buildContentWorld, type ContentWorld } from "./content-world";
import { importScormPackage } from "./import-scorm-package";
import { recordRuntimeCommit } from "./record-runtime-commit";
import { serveModuleFile } from "./serve-content";
import { manifestXml, scoHtml, scormPackage, symlink, zipOf } from "./test-packages";

let database: Database;
let w: LearningWorld;
let store: ContentStore;
let world: ContentWorld;
const now = new Date("2026-11-24T09:00:00Z");
setUpTestWorld(buildContentWorld, (d, built) => {
  database = d;
  world = built;
  ({ w, store } = built);
});

const importNew = (zip: Buffer, limits?: { maxEntries: number; maxTotalBytes: number }) =>
  importScormPackage(database.db, {
    actor: world.itActor,
    store,
    target: { trainingId: w.basics.id, title: "Module SCORM", durationMinutes: 30 },
    zip,
    now,
    ...(limits ? { limits } : {}),
  });
const serve = (
  moduleId: string,
  version: string,
  file: string,
  user: { id: string; roles: string[] } = { id: w.learners[0]!.id, roles: ["learner"] },
) => serveModuleFile(database.db, { user, store, moduleId, version, path: file.split("/"), now });

describe("SCORM import", () => {
  let moduleId: string;
  it("imports a SCORM 1.2 package as a new module and serves its files with their types", async () => {
    const result = await importNew(scormPackage("1.2"));
    moduleId = result.moduleId;
    expect(result).toMatchObject({
      contentVersion: 1,
      content: {
        scormVersion: "1.2",
        launch: "index.html",
        title: "Sécurité des données",
        fileCount: 4,
        masteryScore: 80,
        key: `scorm/${moduleId}/1`,
      },
    });
    const [row] = await database.db.select().from(modules).where(eq(modules.id, moduleId));
    expect(row).toMatchObject({ kind: "scorm", position: 5, contentVersion: 1 });
    const html = await serve(moduleId, "1", "index.html");
    expect(html.status).toBe(200);
    expect(html.headers.get("content-type")).toBe("text/html; charset=utf-8");
    // Its own sandbox, never the portal's origin (content-sandbox.db.test.ts says what that stops).
    expect(html.headers.get("content-security-policy")).toMatch(/^sandbox allow-scripts /);
    expect(await html.text()).toContain("Page suivante");
    expect((await serve(moduleId, "1", "images/logo.svg")).headers.get("content-type")).toBe("image/svg+xml");
  });

  it("refuses paths out of the package, other versions, and learners without a seat", async () => {
    await expect(serve(moduleId, "1", "../../../etc/passwd")).rejects.toMatchObject({ code: "not_found" });
    await expect(serve(moduleId, "1", "%2e%2e/%2e%2e/x")).rejects.toMatchObject({ code: "not_found" });
    await expect(serve(moduleId, "2", "index.html")).rejects.toMatchObject({ code: "not_found" });
    await expect(
      serve(moduleId, "1", "index.html", { id: w.learners[1]!.id, roles: ["learner"] }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect((await serve(moduleId, "1", "index.html", { id: w.it.id, roles: ["it_admin"] })).status).toBe(200);
  });

  it("bumps the content version on a new import and keeps the old files", async () => {
    const next = await importScormPackage(database.db, {
      actor: world.itActor,
      store,
      target: { moduleId },
      zip: scormPackage("2004"),
      now,
    });
    expect(next).toMatchObject({ moduleId, contentVersion: 2, content: { scormVersion: "2004" } });
    expect((await serve(moduleId, "1", "index.html")).status).toBe(200);
    expect(await (await serve(moduleId, "2", "index.html")).text()).toContain("API_1484_11");
    const audit = await database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, moduleId), eq(auditLog.action, "module.package_imported")));
    expect(audit.map((a) => a.details)).toEqual([
      expect.objectContaining({ contentVersion: 1 }),
      expect.objectContaining({ contentVersion: 2 }),
    ]);
  });

  it("lets only IT import", async () => {
    const learner = { id: w.learners[0]!.id, name: "Léa", username: "lea", roles: ["learner"] };
    await expect(
      importScormPackage(database.db, {
        actor: learner,
        store,
        target: { moduleId },
        zip: scormPackage("1.2"),
        now,
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("packages that are not, or are hostile", () => {
  const manifest = strToU8(manifestXml("1.2"));
  const sco = strToU8(scoHtml("1.2"));
  const cases: [string, () => Buffer, RegExp, { maxEntries: number; maxTotalBytes: number }?][] = [
    ["not a zip", () => Buffer.from("%PDF-1.7 pas une archive"), /n'est pas une archive ZIP/],
    ["no manifest", () => zipOf({ "index.html": sco }), /ne contient pas imsmanifest\.xml/],
    [
      "manifest in a sub-folder only",
      () => zipOf({ "cours/imsmanifest.xml": manifest, "index.html": sco }),
      /ne contient pas imsmanifest\.xml/,
    ],
    [
      "path traversal",
      () => zipOf({ "imsmanifest.xml": manifest, "index.html": sco, "../../evil.html": sco }),
      /remonte hors du dossier/,
    ],
    [
      "absolute path",
      () => zipOf({ "imsmanifest.xml": manifest, "index.html": sco, "/etc/cron.d/x": sco }),
      /chemin absolu/,
    ],
    [
      "backslash traversal",
      () => zipOf({ "imsmanifest.xml": manifest, "index.html": sco, "..\\..\\evil.html": sco }),
      /remonte hors du dossier/,
    ],
    [
      "symbolic link",
      () => zipOf({ "imsmanifest.xml": manifest, "index.html": sco, leak: symlink("/etc/passwd") }),
      /Lien symbolique refusé/,
    ],
    [
      "launch file missing",
      () => zipOf({ "imsmanifest.xml": manifest }),
      /fichier de lancement « index\.html »/,
    ],
    [
      "manifest with entities",
      () =>
        zipOf({
          "imsmanifest.xml": strToU8('<!DOCTYPE m [<!ENTITY a "aaaa">]><manifest/>'),
          "index.html": sco,
        }),
      /déclare des entités/,
    ],
    [
      "zip bomb (total size)",
      () =>
        zipOf({
          "imsmanifest.xml": manifest,
          "index.html": sco,
          "zeros.bin": new Uint8Array(3 * 1024 * 1024),
        }),
      /trop volumineuse une fois décompressée/,
      { maxEntries: 100, maxTotalBytes: 2 * 1024 * 1024 },
    ],
    [
      "too many entries",
      () =>
        zipOf({
          "imsmanifest.xml": manifest,
          "index.html": sco,
          ...Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}.txt`, strToU8("x")])),
        }),
      /Trop de fichiers/,
      { maxEntries: 10, maxTotalBytes: 1e9 },
    ],
    [
      "zip bomb (ratio): 8 MiB of zeros in a few KB, under every other limit",
      () =>
        zipOf({
          "imsmanifest.xml": manifest,
          "index.html": sco,
          "zeros.bin": new Uint8Array(8 * 1024 * 1024),
        }),
      /anormalement compressée/,
    ],
    [
      "launch path with a malformed escape",
      () => zipOf({ "imsmanifest.xml": strToU8(manifestXml("1.2", "%E0%A4%A")) }),
      /fichier de lancement « %E0%A4%A »/,
    ],
    ["header lying about its size", () => lyingZip(), /plus grande que déclaré/],
  ];
  for (const [name, build, message, limits] of cases) {
    it(`refuses: ${name}, and changes nothing`, async () => {
      const before = await database.db
        .select({ id: modules.id })
        .from(modules)
        .where(eq(modules.trainingId, w.basics.id));
      await expect(importNew(build(), limits)).rejects.toMatchObject({
        code: "invalid_input",
        message: expect.stringMatching(message),
      });
      expect(
        await database.db.select({ id: modules.id }).from(modules).where(eq(modules.trainingId, w.basics.id)),
      ).toEqual(before);
      expect(await readdir(path.join(store.root, ".staging")).catch(() => [])).toEqual([]);
    });
  }
});

/** A zip whose one big entry declares 10 bytes uncompressed: inflating must stop there. */
function lyingZip(): Buffer {
  const zip = zipOf({
    "imsmanifest.xml": strToU8(manifestXml("1.2")),
    "index.html": strToU8(scoHtml("1.2")),
    "big.bin": new Uint8Array(1024 * 1024),
  });
  for (let at = 0; at < zip.length - 4; at++) {
    const sig = zip.readUInt32LE(at);
    const nameAt = sig === 0x02014b50 ? at + 46 : sig === 0x04034b50 ? at + 30 : -1;
    const sizeAt = sig === 0x02014b50 ? at + 24 : at + 22;
    if (nameAt > 0 && zip.subarray(nameAt, nameAt + 7).toString() === "big.bin")
      zip.writeUInt32LE(10, sizeAt);
  }
  return zip;
}

describe("SCORM runtime commits", () => {
  let moduleId: string;
  const lea = () => w.learners[0]!;
  const commit = (body: Record<string, string>, launchId: string, learnerId = lea().id) =>
    recordRuntimeCommit(database.db, { learnerId, moduleId, launchId, body, now });

  beforeAll(async () => {
    moduleId = (await importNew(scormPackage("1.2"))).moduleId;
  });

  it("stores the bookmark and suspend data, and hands them back on the next launch", async () => {
    const launch = randomUUID();
    expect(
      await commit(
        { "cmi.core.lesson_location": "2", "cmi.suspend_data": "1", "cmi.core.lesson_status": "incomplete" },
        launch,
      ),
    ).toEqual({ stored: true, attempt: null });
    const player = await getModulePlayer(database.db, {
      learner: { id: lea().id, name: "André, Léa" },
      moduleId,
      now,
    });
    expect(player.content).toMatchObject({
      kind: "scorm",
      scormVersion: "1.2",
      launchUrl: expect.stringMatching(
        new RegExp(`^/api/v1/scorm/content/${moduleId}/1/[\\w-]+\\.[\\w-]+/index\\.html$`),
      ),
      startValues: {
        "cmi.core.entry": "resume",
        "cmi.core.lesson_location": "2",
        "cmi.suspend_data": "1",
        "cmi.core.student_name": "André, Léa",
      },
    });
    expect(player.status).toBe("incomplete");
  });

  it("turns a final score into this launch's attempt, decided by the training's rules", async () => {
    const launch = randomUUID();
    const first = await commit(
      { "cmi.core.lesson_location": "3", "cmi.core.lesson_status": "failed", "cmi.core.score.raw": "78" },
      launch,
    );
    // Modules 1–5 of the training (the first SCORM module too) come first, unfinished.
    expect(first.attempt).toEqual({
      attemptNo: 1,
      isRetained: false,
      explanation: "Modules 1, 2, 3, 4 et 5 non terminés : tentative non retenue.",
    });
    const again = await commit(
      { "cmi.core.lesson_location": "3", "cmi.core.lesson_status": "failed", "cmi.core.score.raw": "79" },
      launch,
    );
    expect(again.attempt?.attemptNo).toBe(1);
    const rows = await database.db
      .select()
      .from(assessmentAttempts)
      .where(eq(assessmentAttempts.moduleId, moduleId));
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      source: "scorm",
      scorePercent: 79,
      contentVersion: 1,
      clientKey: launch,
      submission: { status: "failed", scorePercent: 79, sessionSeconds: null, location: "3" },
    });
  });

  it("refuses a commit over the spec's limits or from a learner without a seat, storing nothing", async () => {
    await expect(commit({ "cmi.suspend_data": "x".repeat(4097) }, randomUUID())).rejects.toThrow();
    await expect(commit({ "cmi.core.lesson_location": "9" }, "not-a-launch")).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(
      commit({ "cmi.core.lesson_location": "9" }, randomUUID(), w.learners[1]!.id),
    ).rejects.toMatchObject({ code: "not_found" });
    const player = await getModulePlayer(database.db, {
      learner: { id: lea().id, name: "x" },
      moduleId,
      now,
    });
    expect(player.content).toMatchObject({ startValues: { "cmi.core.lesson_location": "3" } });
  });
});
