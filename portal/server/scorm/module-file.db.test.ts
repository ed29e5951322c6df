import { randomUUID } from "node:crypto";
import { readdir } from "node:fs/promises";
import path from "node:path";
import type { Database } from "@tremplin/db/client";
import { setUpTestWorld } from "@tremplin/db/testing";
import { describe, expect, it } from "vitest";
import { getModulePlayer } from "@/server/learning/get-module-player";
import type { LearningWorld } from "@/server/learning/test-world";
import type { ContentStore } from "./content-store";
import { buildContentWorld, type ContentWorld } from "./content-world";
import { importModuleFile } from "./import-module-file";
import { serveModuleFile } from "./serve-content";

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

describe("document modules", () => {
  it("stores a document under a safe name, versions it, and serves it as an attachment to enrolled learners", async () => {
    const pdf = Buffer.from("%PDF-1.7\n% fiche mémo\n");
    const first = await importModuleFile(database.db, {
      actor: world.itActor,
      store,
      target: { trainingId: w.basics.id, title: "Fiche mémo", durationMinutes: 10 },
      fileName: "../../Fiche mémo été.pdf",
      bytes: pdf,
      now,
    });
    expect(first).toMatchObject({
      contentVersion: 1,
      content: {
        key: `files/${first.moduleId}/1/Fiche_memo_ete.pdf`,
        fileName: "../../Fiche mémo été.pdf",
        contentType: "application/pdf",
        sizeBytes: pdf.length,
      },
    });
    const player = await getModulePlayer(database.db, {
      learner: { id: w.learners[0]!.id, name: "Léa" },
      moduleId: first.moduleId,
      now,
    });
    expect(player.content).toEqual({
      kind: "file",
      fileName: "../../Fiche mémo été.pdf",
      sizeBytes: pdf.length,
      href: `/api/v1/learning/files/${first.moduleId}/1`,
    });
    const served = await serveModuleFile(database.db, {
      user: { id: w.learners[0]!.id, roles: ["learner"] },
      store,
      moduleId: first.moduleId,
      version: "1",
      path: [],
      now,
    });
    expect(served.headers.get("content-type")).toBe("application/pdf");
    expect(served.headers.get("content-disposition")).toBe(
      `attachment; filename*=UTF-8''${encodeURIComponent("../../Fiche mémo été.pdf")}`,
    );
    expect(Buffer.from(await served.arrayBuffer())).toEqual(pdf);
    await expect(
      serveModuleFile(database.db, {
        user: { id: w.learners[1]!.id, roles: ["learner"] },
        store,
        moduleId: first.moduleId,
        version: "1",
        path: [],
        now,
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    const second = await importModuleFile(database.db, {
      actor: world.itActor,
      store,
      target: { moduleId: first.moduleId },
      fileName: "fiche-v2.pdf",
      bytes: Buffer.from("%PDF v2"),
      now,
    });
    expect(second).toMatchObject({ moduleId: first.moduleId, contentVersion: 2 });
  });

  it("refuses an empty file, a SCORM module as target, and a learner", async () => {
    await expect(
      importModuleFile(database.db, {
        actor: world.itActor,
        store,
        target: { moduleId: w.modules[0]!.id },
        fileName: "x.pdf",
        bytes: Buffer.alloc(0),
        now,
      }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await expect(
      importModuleFile(database.db, {
        actor: world.itActor,
        store,
        target: { moduleId: w.modules[0]!.id },
        fileName: "x.pdf",
        bytes: Buffer.from("x"),
        now,
      }),
    ).rejects.toMatchObject({ code: "conflict" });
    const learner = { id: w.learners[0]!.id, name: "Léa", username: "lea", roles: ["learner"] };
    await expect(
      importModuleFile(database.db, {
        actor: learner,
        store,
        target: { moduleId: w.modules[0]!.id },
        fileName: "x.pdf",
        bytes: Buffer.from("x"),
        now,
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });

  it("refuses a module or a training that does not exist, and leaves nothing staged", async () => {
    const file = { actor: world.itActor, store, fileName: "x.pdf", bytes: Buffer.from("x"), now };
    await expect(
      importModuleFile(database.db, { ...file, target: { moduleId: randomUUID() } }),
    ).rejects.toMatchObject({ code: "not_found" });
    const unknownTraining = { trainingId: randomUUID(), title: "Fiche", durationMinutes: 5 };
    await expect(importModuleFile(database.db, { ...file, target: unknownTraining })).rejects.toMatchObject({
      code: "invalid_input",
      issues: [{ path: "trainingId", message: "formation inconnue" }],
    });
    expect(await readdir(path.join(store.root, ".staging"))).toEqual([]);
  });
});
