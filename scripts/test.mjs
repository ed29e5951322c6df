// `npm test`: installs what is missing, then lint, typecheck, unit + integration (PGlite and
// PostgreSQL), slow suites against real Samba and QEMU, and the Playwright journeys in Chromium.
// Ends with one line: `N passed, N failed`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ensureDebianPackages, ensureNpmDependencies, projectEnv } from "./lib/prerequisites.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const started = Date.now();
ensureDebianPackages("test", { required: true });
ensureNpmDependencies(root);

const env = projectEnv(root, { NEXT_TELEMETRY_DISABLED: "1", FORCE_COLOR: "0" });
const reports = mkdtempSync(path.join(tmpdir(), "tremplin-test-"));
const totals = { passed: 0, failed: 0 };
const failedSteps = [];

function run(step, command, args) {
  console.log(`\n━━ ${step} ━━ ${command} ${args.join(" ")}`);
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env });
  return result.status === 0;
}

/** A step with no test count of its own (lint, typecheck, build) counts as one check. */
function check(step, command, args) {
  const ok = run(step, command, args);
  totals[ok ? "passed" : "failed"] += 1;
  if (!ok) failedSteps.push(step);
  return ok;
}

function countVitest(file) {
  try {
    const report = JSON.parse(readFileSync(file, "utf8"));
    return {
      passed: report.numPassedTests,
      failed: report.numFailedTests + (report.numFailedTestSuites ?? 0),
    };
  } catch {
    return undefined;
  }
}

function countPlaywright(file) {
  try {
    const { stats } = JSON.parse(readFileSync(file, "utf8"));
    return { passed: stats.expected + stats.flaky, failed: stats.unexpected + stats.flaky };
  } catch {
    return undefined;
  }
}

/** A step that runs tests: its own counts go into the totals; a crash with no report counts as one failure. */
function tests(step, command, args, reportFile, count) {
  const ok = run(step, command, args);
  const counts = count(reportFile) ?? { passed: 0, failed: 1 };
  if (!ok && counts.failed === 0) counts.failed = 1;
  totals.passed += counts.passed;
  totals.failed += counts.failed;
  if (counts.failed > 0) failedSteps.push(step);
}

// Biome, then the import boundaries of STYLE.md (scripts/check-boundaries.ts).
check("lint", "npm", ["run", "lint"]);
check("typecheck", "npx", ["turbo", "run", "typecheck", "--output-logs=errors-only"]);
check("typecheck scripts and benchmarks", "npx", ["tsc", "-p", "scripts"]);
const vitestReport = path.join(reports, "vitest.json");
tests(
  "unit, integration (PGlite + PostgreSQL), Samba AD, QEMU",
  "npx",
  ["vitest", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${vitestReport}`],
  vitestReport,
  countVitest,
);
const e2eReport = path.join(reports, "e2e.json");
env.PLAYWRIGHT_JSON_OUTPUT_NAME = e2eReport;
tests(
  "e2e (Playwright, Chromium)",
  "npx",
  ["playwright", "test", "-c", "e2e/playwright.config.ts"],
  e2eReport,
  countPlaywright,
);

rmSync(reports, { recursive: true, force: true });
const minutes = ((Date.now() - started) / 60000).toFixed(1);
if (failedSteps.length) console.log(`\nÉchecs dans : ${failedSteps.join(", ")}`);
console.log(`\nnpm test: ${minutes} min`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 ? 0 : 1);
