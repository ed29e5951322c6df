// Test world for content imports: each SCORM or document test file builds its own.
import type { Db } from "@tremplin/db/client";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { buildLearningWorld } from "@/server/learning/test-world";
import { actorOf } from "@/server/testing/actors";
import type { ContentStore } from "./content-store";

/**
 * The learning world, a content store in a temporary folder of its own, IT as the importing actor,
 * and the first learner enrolled in a session running on 24 November 2026 (so that modules open).
 */
export async function buildContentWorld(db: Db) {
  const w = await buildLearningWorld(db);
  const tmp = await makeTmpDir("tremplin-content-");
  const store: ContentStore = { root: tmp.dir };
  const session = await w.addSession({
    startsAt: new Date("2026-11-24T08:00:00Z"),
    endsAt: new Date("2026-11-24T16:00:00Z"),
  });
  await w.enrol(session.id, w.learners[0]!.id);
  return {
    w,
    store,
    itActor: actorOf(w.it),
    async cleanup() {
      await tmp.cleanup();
      await w.cleanup();
    },
  };
}
export type ContentWorld = Awaited<ReturnType<typeof buildContentWorld>>;
