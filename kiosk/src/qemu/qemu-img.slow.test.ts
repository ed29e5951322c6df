import { mkdir, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { getTinyMaster, type TinyMaster } from "@tremplin/testkit/tiny-image";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isVmError } from "./errors";
import { checkImage, createOverlay, imageInfo } from "./qemu-img";

let master: TinyMaster;
let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  master = await getTinyMaster({ mode: "test" });
  ({ dir, cleanup } = await makeTmpDir("qemu-img-"));
});
afterAll(async () => cleanup());

async function caught(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("createOverlay", () => {
  it("creates a qcow2 overlay backed by the master, leaving the master as it was", async () => {
    const overlay = path.join(dir, "ok.qcow2");
    await createOverlay({ master: master.path, overlay });
    const info = await imageInfo(overlay);
    expect(info.format).toBe("qcow2");
    expect(info["full-backing-filename"]).toBe(master.path);
    expect(info["backing-filename-format"]).toBe("qcow2");
    expect((await checkImage(overlay)).isClean).toBe(true);
    const sha = (await execa("sha256sum", [master.path])).stdout.split(" ")[0];
    expect(sha).toBe(master.sha256);
  });

  it("master missing: a typed error, and no overlay", async () => {
    const overlay = path.join(dir, "nomaster.qcow2");
    const error = await caught(createOverlay({ master: path.join(dir, "absent.qcow2"), overlay }));
    expect(isVmError(error, "master_missing")).toBe(true);
    expect((error as Error).message).toContain("absent.qcow2");
    expect(await readdir(dir)).not.toContain("nomaster.qcow2");
  });

  it("qemu-img missing: a typed error naming the Debian package", async () => {
    const error = await caught(
      createOverlay({
        master: master.path,
        overlay: path.join(dir, "x.qcow2"),
        binary: "/nonexistent/qemu-img",
      }),
    );
    expect(isVmError(error, "qemu_missing")).toBe(true);
    expect((error as Error).message).toContain("qemu-utils");
  });

  it("a master that is not a qcow2: overlay_failed with qemu-img's reason, and no overlay", async () => {
    const bogus = path.join(dir, "bogus.qcow2");
    await writeFile(bogus, "not a disk image");
    const overlay = path.join(dir, "onbogus.qcow2");
    const error = await caught(createOverlay({ master: bogus, overlay }));
    expect(isVmError(error, "overlay_failed")).toBe(true);
    expect((error as VmErrorLike).details?.stderrTail).toMatch(/qcow2|format/i);
    expect(await readdir(dir)).not.toContain("onbogus.qcow2");
  });

  // A full file system needs a mount of its own: a 64 KiB tmpfs, filled up (root only).
  it.skipIf(process.getuid?.() !== 0)("disk full: disk_full, and nothing left on the full disk", async () => {
    const full = path.join(dir, "full");
    await mkdir(full);
    await execa("mount", ["-t", "tmpfs", "-o", "size=64k", "tmpfs", full]);
    try {
      await execa("dd", ["if=/dev/zero", `of=${path.join(full, "filler")}`, "bs=4k", "count=64"], {
        reject: false,
      });
      const error = await caught(
        createOverlay({ master: master.path, overlay: path.join(full, "vm.qcow2") }),
      );
      expect(isVmError(error, "disk_full")).toBe(true);
      expect((error as Error).message).toContain("Plus de place");
      expect(await readdir(full)).toEqual(["filler"]);
    } finally {
      await execa("umount", [full]);
    }
  });
});

type VmErrorLike = Error & { details?: Record<string, unknown> };
