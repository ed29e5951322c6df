// `npm run audit:security`: every "@security" journey (e2e/journeys/security-*.spec.ts) against a
// running system that it starts itself, as the journeys do: portal, Samba AD DC, a kiosk post.
// `npm test` runs the same specs among the journeys; this runs them alone.
import { spawnSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDebianPackages, ensureNpmDependencies, projectEnv } from "./lib/prerequisites.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
ensureDebianPackages("test", { required: true });
ensureNpmDependencies(root);
const env = projectEnv(root, { NEXT_TELEMETRY_DISABLED: "1", FORCE_COLOR: "0" });
const args = ["playwright", "test", "-c", "e2e/playwright.config.ts", "--grep", "@security"];
const result = spawnSync("npx", args, { cwd: root, stdio: "inherit", env });
process.exit(result.status ?? 1);
