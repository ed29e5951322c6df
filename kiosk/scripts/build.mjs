// Production bundle of the agent: our TypeScript (kiosk + @tremplin/* packages) in one ES module,
// third-party packages left to node_modules. A NUC then runs plain `node` without the tsx loader
// (its loader thread and esbuild child cost ~50 MB of resident memory; see bench/kiosk-footprint.ts).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
/** Left to node_modules: pino starts worker threads from its own files; noVNC is served as files. */
const external = ["pino", "@novnc/novnc"];

await build({
  entryPoints: [path.join(root, "src/cli.ts")],
  outfile: path.join(root, "dist/tremplin-kiosk.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: "linked",
  // CommonJS dependencies (systeminformation, ldapts' asn1) call require(): give the ES module one.
  banner: {
    js: '#!/usr/bin/env node\nimport { createRequire as __createRequire } from "node:module";\nconst require = __createRequire(import.meta.url);',
  },
  logLevel: "warning",
  plugins: [
    {
      name: "third-party-external",
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          external.some((name) => args.path === name || args.path.startsWith(`${name}/`))
            ? { path: args.path, external: true }
            : undefined,
        );
      },
    },
  ],
});
console.log(`built ${path.relative(process.cwd(), path.join(root, "dist/tremplin-kiosk.mjs"))}`);
