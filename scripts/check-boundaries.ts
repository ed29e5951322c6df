// `npm run lint` (after Biome): the import boundaries of STYLE.md, checked on every source file.
// Biome's noRestrictedImports matches the text of a specifier only: it cannot tell kiosk's own
// `../portal/device-client` (kiosk/src/portal/) from a reach into the portal app, so the
// relative-path rule needs a checker that resolves paths; the other rules sit beside it so that
// every boundary reads in one place. Usage: `tsx scripts/check-boundaries.ts [root]`.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

export type Violation = { file: string; line: number; specifier: string; rule: Rule; message: string };
export type Rule = "relative-path" | "app-import" | "domain-io" | "package-deps" | "route-query";

type Unit = { dir: string; name: string; kind: "package" | "app" | "harness" };

const sourceFile = /\.(ts|tsx|mts|cts|js|mjs|cjs)$/;
/** Not sources: dependencies, build output, test output, local data (as in .gitignore). */
const skippedDirs = new Set([
  "node_modules",
  "dist",
  "data",
  "test-results",
  "playwright-report",
  "coverage",
]);
/** The harness drives the whole system: `scripts/` and `bench/` (the root) and the Playwright
 * journeys, a workspace of their own only for Playwright's dependencies. It may import the apps
 * by name, and e2e may use the root's scripts (`npm start`'s way of starting the system). */
const harnessWorkspaces = new Set(["e2e"]);
/** What the domain may import besides its own files: rules, types and schemas need nothing else. */
const domainAllowed = /^zod(\/|$)/;
/** The master image format runs on posts, relays and the portal alike: node's built-ins, zod and
 * the domain only (no execa, no fetch client), so that each of them can embed it as it is. */
const imageFormatAllowed = /^(node:|zod(\/|$)|@tremplin\/domain(\/|$))/;
/** A route or component parses, calls one `server/` function and renders: no query of its own. */
const routeForbidden = /^(@tremplin\/db\/(queries\/|schema|client)|drizzle-orm(\/|$))/;

function workspaces(root: string): Unit[] {
  const { workspaces = [] } = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as {
    workspaces?: string[];
  };
  const dirs = workspaces.flatMap((pattern) => {
    if (!pattern.endsWith("/*")) return [pattern];
    const parent = pattern.slice(0, -2);
    return readdirSync(path.join(root, parent)).map((entry) => `${parent}/${entry}`);
  });
  return dirs.flatMap((dir): Unit[] => {
    let name: string;
    try {
      ({ name } = JSON.parse(readFileSync(path.join(root, dir, "package.json"), "utf8")) as { name: string });
    } catch {
      return [];
    }
    const kind = dir.startsWith("packages/") ? "package" : harnessWorkspaces.has(dir) ? "harness" : "app";
    return [{ dir, name, kind }];
  });
}

function* sources(root: string, dir = ""): Generator<string> {
  for (const entry of readdirSync(path.join(root, dir))) {
    if (entry.startsWith(".") || skippedDirs.has(entry)) continue;
    const relative = dir ? `${dir}/${entry}` : entry;
    if (statSync(path.join(root, relative)).isDirectory()) yield* sources(root, relative);
    else if (sourceFile.test(entry)) yield relative;
  }
}

/** Where the `import` or `export` statement that names the specifier at `pos` begins. */
function statementStart(text: string, pos: number): number {
  const before = text.slice(0, pos);
  return Math.max(before.lastIndexOf("import"), before.lastIndexOf("export"), 0);
}

/** Every import boundary that the tree under `root` breaks, in file order. */
export function checkBoundaries(root: string): Violation[] {
  const units = workspaces(root);
  const rootUnit: Unit = { dir: "", name: "(root)", kind: "harness" };
  const unitOf = (file: string) =>
    units.find((u) => file === u.dir || file.startsWith(`${u.dir}/`)) ?? rootUnit;
  const byName = new Map(units.map((u) => [u.name, u]));
  const portal = units.find((u) => u.dir === "portal");
  const violations: Violation[] = [];

  for (const file of sources(root)) {
    const text = readFileSync(path.join(root, file), "utf8");
    const unit = unitOf(file);
    for (const imported of ts.preProcessFile(text, true, true).importedFiles) {
      const specifier = imported.fileName;
      const line = text.slice(0, imported.pos).split("\n").length;
      const report = (rule: Rule, message: string) =>
        violations.push({ file, line, specifier, rule, message });

      // `@/…` is the portal's own alias for its root (portal/tsconfig.json).
      const target = specifier.startsWith(".")
        ? path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier))
        : specifier.startsWith("@/") && portal
          ? `${portal.dir}/${specifier.slice(2)}`
          : undefined;
      if (target !== undefined) {
        const to = unitOf(target);
        const leavesRoot = target === ".." || target.startsWith("../");
        const harnessToRoot = unit.kind === "harness" && to === rootUnit;
        if (leavesRoot || (to !== unit && !harnessToRoot)) {
          report(
            "relative-path",
            `reaches into ${to === rootUnit ? "the root's scripts" : to.name} by path: import it by package name, through its package.json "exports"`,
          );
        }
        continue;
      }

      const named = byName.get(specifier.split("/").slice(0, 2).join("/"));
      if (named && named !== unit && named.kind !== "package" && unit.kind !== "harness") {
        report("app-import", `${unit.name} imports ${named.name}: an app or package never imports an app`);
      }
      if (
        file.startsWith("packages/domain/src/") &&
        !/\.test\.tsx?$/.test(file) &&
        !domainAllowed.test(specifier)
      ) {
        report(
          "domain-io",
          "the domain imports only zod and its own files (no I/O: pass ids, randomness and time in)",
        );
      }
      if (
        file.startsWith("packages/image-format/src/") &&
        !/\.test\.tsx?$/.test(file) &&
        !imageFormatAllowed.test(specifier)
      ) {
        report("package-deps", "image-format imports only node's built-ins, zod and @tremplin/domain");
      }
      // A row's type is the contract of the server/ function that returns it: it calls nothing.
      const isTypeOnly = /^(import|export)\s+type\s/.test(text.slice(statementStart(text, imported.pos)));
      if (portal && file.startsWith(`${portal.dir}/app/`) && routeForbidden.test(specifier) && !isTypeOnly) {
        report("route-query", "a route or component calls a server/ function, never a query or the database");
      }
    }
  }
  return violations;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const root = path.resolve(process.argv[2] ?? path.join(import.meta.dirname, ".."));
  const violations = checkBoundaries(root);
  for (const v of violations) console.error(`${v.file}:${v.line}: ${v.rule}: "${v.specifier}" ${v.message}`);
  console.log(
    violations.length
      ? `check-boundaries: ${violations.length} violation(s) of STYLE.md's boundaries`
      : "check-boundaries: no import crosses a boundary",
  );
  process.exit(violations.length ? 1 : 0);
}
