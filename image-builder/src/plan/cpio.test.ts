import { mkdir, readFile, readlink, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { execa } from "execa";
import { afterEach, describe, expect, it } from "vitest";
import { writeCpio } from "./cpio";

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

describe("writeCpio", () => {
  it("writes an archive that busybox cpio unpacks with the same files, links and modes", async () => {
    const { dir, cleanup } = await makeTmpDir("cpio-");
    cleanups.push(cleanup);
    const archive = writeCpio([
      { type: "dir", path: "etc" },
      { type: "file", path: "etc/hello", data: "bonjour é\n", mode: 0o640 },
      { type: "file", path: "init", data: "#!/bin/sh\n", mode: 0o755 },
      { type: "symlink", path: "sh", target: "init" },
      { type: "file", path: "odd", data: new Uint8Array([1, 2, 3]) },
    ]);
    expect(archive.length % 4).toBe(0);
    await writeFile(path.join(dir, "a.cpio"), archive);
    const out = path.join(dir, "out");
    await mkdir(out);
    await execa("busybox", ["cpio", "-i", "-d", "-F", path.join(dir, "a.cpio")], { cwd: out });
    expect(await readFile(path.join(out, "etc/hello"), "utf8")).toBe("bonjour é\n");
    expect((await stat(path.join(out, "etc/hello"))).mode & 0o777).toBe(0o640);
    expect((await stat(path.join(out, "init"))).mode & 0o777).toBe(0o755);
    expect(await readlink(path.join(out, "sh"))).toBe("init");
    expect([...(await readFile(path.join(out, "odd")))]).toEqual([1, 2, 3]);
  });

  it("refuses a file listed before its folder (the kernel would not create it)", () => {
    expect(() => writeCpio([{ type: "file", path: "etc/x", data: "" }])).toThrow(/before its folder etc/);
  });

  it("refuses a path listed twice", () => {
    expect(() =>
      writeCpio([
        { type: "dir", path: "etc" },
        { type: "dir", path: "etc" },
      ]),
    ).toThrow(/twice/);
  });
});
