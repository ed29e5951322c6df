// `npm start`: installs what is missing, then hands over to scripts/start.ts (TypeScript, via tsx).
import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDebianPackages, ensureNpmDependencies, projectEnv } from "./lib/prerequisites.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
ensureNpmDependencies(root);
// Samba, QEMU and friends make the demo directory and kiosk; the portal runs without them.
ensureDebianPackages("start", { required: false });
const child = spawn(path.join(root, "node_modules/.bin/tsx"), [path.join(root, "scripts/start.ts")], {
  cwd: root,
  stdio: "inherit",
  env: projectEnv(root, { NEXT_TELEMETRY_DISABLED: "1" }),
});
// Ctrl-C reaches the whole foreground group; start.ts stops its children and exits.
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => child.kill(signal));
child.on("exit", (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
