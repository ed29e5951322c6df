// Writes src/migrations.generated.ts from migrations/*.sql so that the migrator needs no file
// access at run time: bundlers (Next.js) do not carry the .sql files along. Run by `npm run generate`.
import { readFile, writeFile } from "node:fs/promises";
import { renderMigrationsModule } from "../src/migrations-module";

const dir = new URL("../migrations/", import.meta.url);
const journal = JSON.parse(await readFile(new URL("meta/_journal.json", dir), "utf8")) as {
  entries: { idx: number; tag: string }[];
};
const entries = await Promise.all(
  [...journal.entries]
    .sort((a, b) => a.idx - b.idx)
    .map(async ({ tag }) => ({ tag, sql: await readFile(new URL(`${tag}.sql`, dir), "utf8") })),
);
await writeFile(new URL("../src/migrations.generated.ts", import.meta.url), renderMigrationsModule(entries));
console.log(`migrations.generated.ts: ${entries.length} migration(s)`);
