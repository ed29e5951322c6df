// `npm run bench [name…]`: runs the benchmarks under bench/ one after the other (they need the
// machine to themselves). Each prints its own figures and the ratio against its in-run baseline.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDebianPackages, ensureNpmDependencies, projectEnv } from "./lib/prerequisites.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
ensureNpmDependencies(root);
ensureDebianPackages("test", { required: true });
const env = projectEnv(root, { NEXT_TELEMETRY_DISABLED: "1" });
const wanted = process.argv.slice(2);
const benches = readdirSync(path.join(root, "bench"))
  .filter((f) => /\.(ts|mjs)$/.test(f) && !f.startsWith("_"))
  .filter((f) => wanted.length === 0 || wanted.some((w) => f.includes(w)))
  .sort();
let failed = 0;
for (const bench of benches) {
  console.log(`\n━━ bench/${bench} ━━`);
  const result = spawnSync(path.join(root, "node_modules/.bin/tsx"), [path.join("bench", bench)], {
    cwd: root,
    stdio: "inherit",
    env,
  });
  if (result.status !== 0) failed += 1;
}
console.log(`\n${benches.length - failed} benchmarks ran, ${failed} failed`);
process.exit(failed ? 1 : 0);
