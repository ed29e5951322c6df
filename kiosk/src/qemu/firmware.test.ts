import { existsSync } from "node:fs";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isVmError } from "./errors";
import { prepareUefi } from "./firmware";

let dir: string;
let cleanup: () => Promise<void>;
beforeAll(async () => ({ dir, cleanup } = await makeTmpDir("firmware-")));
afterAll(async () => cleanup());

describe("prepareUefi", () => {
  it("gives the session a copy of the variable store, the code where it is", async () => {
    const code = path.join(dir, "CODE.fd");
    const varsTemplate = path.join(dir, "VARS.fd");
    await writeFile(code, "code");
    await writeFile(varsTemplate, "template");
    const vars = path.join(dir, "vm-a.efivars");
    expect(await prepareUefi(vars, { code, varsTemplate })).toEqual({ code, vars });
    expect(existsSync(vars)).toBe(true);
  });

  it("without OVMF on the post: a message for the login screen naming the package, no file written", async () => {
    const vars = path.join(dir, "vm-b.efivars");
    const error = await prepareUefi(vars, {
      code: "/nonexistent/CODE.fd",
      varsTemplate: "/nonexistent/VARS.fd",
    }).catch((e: unknown) => e);
    expect(isVmError(error, "firmware_missing")).toBe(true);
    expect((error as Error).message).toContain("ovmf");
    expect(existsSync(vars)).toBe(false);
  });
});
