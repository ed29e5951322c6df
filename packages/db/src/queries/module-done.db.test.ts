import { isAssessedModule, isModuleDone, progressStatuses } from "@tremplin/domain/progress";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Database } from "../client";
import { readRows } from "../rows";
import { createTestDatabase } from "../testing";
import { moduleDoneSql } from "./module-done";

let database: Database;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.close());

describe("moduleDoneSql", () => {
  it("agrees with the domain's isModuleDone on every status, kind and score", async () => {
    const kinds = ["page", "file", "link", "scorm", "quiz"];
    const cases = [...progressStatuses, null].flatMap((status) =>
      kinds.flatMap((kind) => [null, 0, 80].map((scoreRaw) => ({ status, kind, scoreRaw }))),
    );
    const values = sql.join(
      cases.map((c, i) => sql`(${i}::int, ${c.status}::text, ${c.kind}::text, ${c.scoreRaw}::int)`),
      sql`, `,
    );
    const rows = readRows(
      await database.db.execute(sql`
        select i, ${moduleDoneSql({ status: sql`status`, kind: sql`kind`, scoreRaw: sql`score_raw` })} as done
        from (values ${values}) as v(i, status, kind, score_raw) order by i`),
      z.object({ i: z.number(), done: z.boolean() }),
    );
    const expected = cases.map((c) => isModuleDone(c.status ?? undefined, isAssessedModule(c)));
    expect(rows.map((r) => r.done)).toEqual(expected);
    // Both answers occur, so the comparison can fail.
    expect(expected.filter(Boolean).length).toBeGreaterThan(0);
    expect(expected.filter((d) => !d).length).toBeGreaterThan(0);
  });
});
