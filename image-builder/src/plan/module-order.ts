/**
 * Kernel modules in load order: every module after the ones it depends on. `dependsOf` gives the
 * `depends=` list read from a module's `.modinfo`; names use `_` (the kernel's spelling).
 */
export function orderModules(wanted: string[], dependsOf: (name: string) => string[]): string[] {
  const ordered: string[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (raw: string, chain: string[]) => {
    const name = normaliseModuleName(raw);
    if (state.get(name) === "done") return;
    if (state.get(name) === "visiting") throw new Error(`cycle de modules : ${[...chain, name].join(" → ")}`);
    state.set(name, "visiting");
    for (const dep of dependsOf(name)) visit(dep, [...chain, name]);
    state.set(name, "done");
    ordered.push(name);
  };
  for (const name of wanted) visit(name, []);
  return ordered;
}

export function normaliseModuleName(name: string): string {
  return name.replace(/\.ko(\.\w+)?$/, "").replaceAll("-", "_");
}

/** The `depends=` field of a module's `.modinfo` section (NUL-separated `key=value` strings). */
export function readModinfoDepends(ko: Buffer): string[] {
  const key = Buffer.from("\0depends=");
  const at = ko.indexOf(key);
  if (at < 0) return [];
  const start = at + key.length;
  const end = ko.indexOf(0, start);
  const value = ko.subarray(start, end < 0 ? undefined : end).toString("utf8");
  return value.split(",").filter(Boolean);
}
