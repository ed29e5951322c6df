import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { kioskRoot } from "../paths";

const types: Record<string, string> = {
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
};

/** noVNC's ES modules (`core/`, `vendor/`), served as they are: the browser loads them natively. */
const novncRoot = path.resolve(path.dirname(fileURLToPath(import.meta.resolve("@novnc/novnc"))), "..");
const assetsRoot = path.join(kioskRoot, "src", "login-page", "assets");

export type StaticFile = { type: string; body: Buffer };

/** Files are read once and kept: the agent serves one page to one browser. */
const cache = new Map<string, StaticFile>();

async function load(root: string, relative: string): Promise<StaticFile | undefined> {
  const file = path.resolve(root, relative);
  if (!file.startsWith(root + path.sep)) return undefined;
  const type = types[path.extname(file)];
  if (!type) return undefined;
  const hit = cache.get(file);
  if (hit) return hit;
  try {
    const found = { type, body: await readFile(file) };
    cache.set(file, found);
    return found;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** `/assets/login.js` or `/novnc/core/rfb.js` → the file, or undefined. */
export function findStaticFile(urlPath: string): Promise<StaticFile | undefined> {
  if (urlPath.startsWith("/assets/")) return load(assetsRoot, urlPath.slice("/assets/".length));
  if (urlPath.startsWith("/novnc/core/") || urlPath.startsWith("/novnc/vendor/")) {
    return load(novncRoot, urlPath.slice("/novnc/".length));
  }
  return Promise.resolve(undefined);
}
