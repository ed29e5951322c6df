import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { renderMigrationsModule } from "./migrations-module";

describe("migrations.generated.ts", () => {
  it("matches migrations/*.sql (run `npm run generate -w @tremplin/db` after changing the schema)", async () => {
    const dir = new URL("../migrations/", import.meta.url);
    const journal = JSON.parse(await readFile(new URL("meta/_journal.json", dir), "utf8")) as {
      entries: { idx: number; tag: string }[];
    };
    const entries = await Promise.all(
      journal.entries.map(async ({ tag }) => ({
        tag,
        sql: await readFile(new URL(`${tag}.sql`, dir), "utf8"),
      })),
    );
    const committed = await readFile(new URL("./migrations.generated.ts", import.meta.url), "utf8");
    expect(committed).toBe(renderMigrationsModule(entries));
  });
});
