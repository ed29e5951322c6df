import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { execa } from "execa";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../bin/tremplin-image.mjs", import.meta.url));
// Shared with testkit's tiny-image: the .debs are fetched once per machine.
const cacheDir = fileURLToPath(new URL("../../node_modules/.cache/tremplin/debs", import.meta.url));

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => {
  ({ dir, cleanup } = await makeTmpDir("image-cli-"));
});
afterAll(async () => cleanup());

const cli = (args: string[]) =>
  execa(process.execPath, [bin, ...args], { cwd: dir, reject: false, timeout: 300_000 });

describe("tremplin-image build", () => {
  it("refuses an unknown recipe with a message and exit code 1, writing nothing", async () => {
    const result = await cli(["build", "--recipe", "windows", "--out", "x.qcow2"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("tiny-linux");
    expect(result.stderr).not.toContain("please report");
    expect(await readdir(dir)).toEqual([]);
  });

  it("refuses an unknown flag with exit code 1", async () => {
    const result = await cli(["build", "--recipe", "tiny-linux", "--out", "x.qcow2", "--colour", "red"]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain("--colour");
  });

  it("builds a demo master that boots, shows its title and powers off on the ACPI power button", async () => {
    const title = "Bureautique — Écrire un courrier";
    const result = await cli([
      "build",
      "--recipe",
      "tiny-linux",
      "--out",
      "demo.qcow2",
      "--mode",
      "demo",
      "--title",
      title,
      "--cache-dir",
      cacheDir,
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    const disk = path.join(dir, "demo.qcow2");
    const info = JSON.parse(await readFile(path.join(dir, "demo.json"), "utf8"));
    expect(info).toMatchObject({ name: "tiny-linux-demo", format: "qcow2", hints: { diskBus: "virtio" } });
    const sha = (await execa("sha256sum", [disk])).stdout.split(" ")[0];
    expect(info.sha256).toBe(sha);
    const img = JSON.parse((await execa("qemu-img", ["info", "--output=json", disk])).stdout);
    expect(img.format).toBe("qcow2");
    expect(img["actual-size"]).toBeLessThan(32 * 1024 * 1024);
    expect((await readdir(dir)).filter((f) => f.startsWith(".tremplin-build"))).toEqual([]);

    const serial = path.join(dir, "serial.log");
    // -snapshot: the boot must not change the master it just built.
    const vm = execa(
      "qemu-system-x86_64",
      [
        "-nodefaults",
        "-machine",
        "pc,accel=tcg",
        "-m",
        "256",
        "-display",
        "none",
        "-snapshot",
        "-drive",
        `file=${disk},if=virtio,format=qcow2`,
        "-serial",
        `file:${serial}`,
        "-monitor",
        "stdio",
      ],
      { reject: false, timeout: 90_000 },
    );
    await waitForText(serial, "TREMPLIN-BOOT: demo", 60_000);
    vm.stdin.write("system_powerdown\n");
    const exit = await vm;
    expect(exit.exitCode).toBe(0);
    const log = await readFile(serial, "utf8");
    expect(log).toContain(`TREMPLIN-TITLE: ${title}`);
    expect(log).toContain("TREMPLIN-POWERBUTTON");
  });
});

async function waitForText(file: string, text: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const content = await readFile(file, "utf8").catch(() => "");
    if (content.includes(text)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`« ${text} » absent de ${file} après ${timeoutMs} ms`);
}
