import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { checkBoundaries } from "./check-boundaries";

const repoRoot = path.resolve(import.meta.dirname, "..");
const roots: string[] = [];

/** A tree of the repository's shape: the workspaces, then `files` (path → source). */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "tremplin-boundaries-"));
  roots.push(root);
  const workspaces = ["packages/*", "portal", "kiosk", "e2e"];
  const names = {
    "packages/domain": "@tremplin/domain",
    "packages/db": "@tremplin/db",
    portal: "@tremplin/portal",
    kiosk: "@tremplin/kiosk",
    e2e: "@tremplin/e2e",
  };
  const all: Record<string, string> = { "package.json": JSON.stringify({ workspaces }), ...files };
  for (const [dir, name] of Object.entries(names)) all[`${dir}/package.json`] = JSON.stringify({ name });
  for (const [file, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

const allowed = {
  "kiosk/src/agent/start-agent.ts": 'import { createDeviceClient } from "../portal/device-client";\n',
  "bench/kiosk-overlay.ts":
    'import { createOverlay } from "@tremplin/kiosk/qemu/qemu-img";\nimport { freePort } from "../scripts/x";\n',
  "e2e/fixtures/global-setup.ts":
    'import { openMigrated } from "../../scripts/system/database";\nimport { parsePortalEnv } from "@tremplin/portal/env";\n',
  "scripts/start.ts": 'import { prepareDemoPost } from "@tremplin/kiosk/demo-post";\n',
  "packages/db/src/seed.ts":
    'import { randomBytes } from "node:crypto";\nimport { x } from "@tremplin/domain/fleet";\n',
  "packages/domain/src/fleet/code.ts": 'import { z } from "zod";\nimport { a } from "./a";\n',
  "packages/domain/src/fleet/code.test.ts": 'import { randomUUID } from "node:crypto";\n',
  "packages/image-format/src/store.ts":
    'import { rename } from "node:fs/promises";\nimport { AppError } from "@tremplin/domain/errors";\nimport { z } from "zod";\n',
  "packages/image-format/src/store.test.ts": 'import { it } from "vitest";\n',
  "portal/app/page.tsx":
    'import type { SessionRow } from "@tremplin/db/queries/planning";\nimport { getHomeOverview } from "@/server/get-home-overview";\n',
  "node_modules/x/index.js": 'import "../../portal/env";\n',
};

describe("check-boundaries", () => {
  it("passes the boundaries kept: own files, packages by name, the harness's own scripts, a row's type", () => {
    expect(checkBoundaries(tree(allowed))).toEqual([]);
  });

  it("fails each kind of violation, naming file, line, specifier and rule", () => {
    const root = tree({
      ...allowed,
      "bench/kiosk-logout.ts":
        'import { x } from "@tremplin/db/client";\nimport { V } from "../kiosk/src/qemu/vm";\n',
      "e2e/fixtures/mail.ts": 'const eml = await import("../../portal/server/mail/eml");\n',
      "scripts/system/database.ts": 'import type { PortalEnv } from "../../portal/env";\n',
      "portal/bin/portal.slow.test.ts": 'import { buildPortal } from "../../scripts/system/portal";\n',
      "kiosk/src/doctor.ts": 'import { env } from "@/env";\nexport { a } from "../../outside";\n',
      "portal/server/kiosk.ts": 'import { kioskConfig } from "@tremplin/kiosk/config";\n',
      "packages/db/src/x.ts": 'export { parsePortalEnv } from "@tremplin/portal/env";\n',
      "packages/domain/src/fleet/registration-code.ts":
        'import { z } from "zod";\nimport { randomBytes } from "node:crypto";\n',
      "packages/domain/src/clock.ts": 'import { db } from "@tremplin/db/client";\n',
      "packages/image-format/src/qemu-img.ts": 'import { execa } from "execa";\n',
      "portal/app/page.tsx": 'import { getOverview } from "@tremplin/db/queries/overview";\n',
      "portal/app/api/metrics/route.ts": 'import { z } from "zod";\nimport { eq } from "drizzle-orm";\n',
    });
    const found = checkBoundaries(root).map((v) => `${v.file}:${v.line} ${v.rule} ${v.specifier}`);
    expect(found.sort()).toEqual(
      [
        "bench/kiosk-logout.ts:2 relative-path ../kiosk/src/qemu/vm",
        "e2e/fixtures/mail.ts:1 relative-path ../../portal/server/mail/eml",
        "scripts/system/database.ts:1 relative-path ../../portal/env",
        "portal/bin/portal.slow.test.ts:1 relative-path ../../scripts/system/portal",
        "kiosk/src/doctor.ts:1 relative-path @/env",
        "kiosk/src/doctor.ts:2 relative-path ../../outside",
        "portal/server/kiosk.ts:1 app-import @tremplin/kiosk/config",
        "packages/db/src/x.ts:1 app-import @tremplin/portal/env",
        "packages/domain/src/fleet/registration-code.ts:2 domain-io node:crypto",
        "packages/domain/src/clock.ts:1 domain-io @tremplin/db/client",
        "packages/image-format/src/qemu-img.ts:1 package-deps execa",
        "portal/app/page.tsx:1 route-query @tremplin/db/queries/overview",
        "portal/app/api/metrics/route.ts:2 route-query drizzle-orm",
      ].sort(),
    );
  });

  it("makes the lint step fail: exit 1 with one line per violation, exit 0 on a clean tree", () => {
    const run = (root: string) =>
      spawnSync(path.join(repoRoot, "node_modules/.bin/tsx"), ["scripts/check-boundaries.ts", root], {
        cwd: repoRoot,
        encoding: "utf8",
      });
    const broken = run(tree({ ...allowed, "bench/x.ts": 'import { a } from "../portal/env";\n' }));
    expect(broken.status).toBe(1);
    expect(broken.stderr).toContain(
      'bench/x.ts:1: relative-path: "../portal/env" reaches into @tremplin/portal',
    );
    const clean = run(tree(allowed));
    expect(clean.stderr).toBe("");
    expect(clean.status).toBe(0);
  });
});
