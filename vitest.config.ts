import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const alias = {
  "server-only": fileURLToPath(new URL("./scripts/vitest/server-only.ts", import.meta.url)),
  "@/": fileURLToPath(new URL("./portal/", import.meta.url)),
};
const everywhere = [
  "packages/*/src/**",
  "portal/{server,lib,app,bin,components}/**",
  "kiosk/src/**",
  "image-builder/src/**",
  "scripts",
];
const files = (suffix: string) => everywhere.map((dir) => `${dir}/*${suffix}`);

/**
 * Three kinds of test file, by suffix:
 *  - `*.test.ts`       pure or local-file tests;
 *  - `*.db.test.ts`    touch the database: run twice, on PGlite and on a throw-away PostgreSQL;
 *  - `*.slow.test.ts`  start real parts (Samba AD DC, QEMU): skipped by `npm run test:unit`.
 */
export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: files(".test.ts"),
          exclude: ["**/*.db.test.ts", "**/*.slow.test.ts", "**/node_modules/**"],
          // Some unit tests start a process (a CLI through tsx, busybox, a killed writer): 3-6 s
          // on a busy machine (FACTS.md), so vitest's default 5 s fails them there.
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "pglite",
          include: files(".db.test.ts"),
          globalSetup: ["packages/db/src/test-setup/pglite.ts"],
          // A file's set-up (a world, a PKI) can take more than vitest's 10 s on a busy machine.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "postgres",
          include: files(".db.test.ts"),
          globalSetup: ["packages/db/src/test-setup/postgres.ts"],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: "slow",
          include: files(".slow.test.ts"),
          globalSetup: ["packages/db/src/test-setup/pglite.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
