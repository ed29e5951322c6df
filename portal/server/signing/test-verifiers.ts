// Test support: the independent verifiers (OpenSSL's `ts`, poppler's `pdfsig`) that the tests
// hold our output against, each behind one function with an argument array and a timeout.
import { execFile } from "node:child_process";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { toPem } from "./der";

const run = promisify(execFile);

export type ToolResult = { code: number; output: string };

async function tool(command: string, args: string[]): Promise<ToolResult> {
  try {
    const { stdout, stderr } = await run(command, args, { timeout: 30_000, maxBuffer: 4 * 1024 * 1024 });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof e.code === "number" ? e.code : -1, output: `${e.stdout ?? ""}${e.stderr ?? ""}` };
  }
}

export const openssl = (args: string[]) => tool("openssl", args);

/** `pdfsig` against an NSS database that trusts `caDer` alone (made with certutil in `dir`). */
export async function pdfsigTrusting(dir: string, caDer: Uint8Array, pdfFile: string): Promise<ToolResult> {
  const nss = path.join(dir, "nss");
  await mkdir(nss, { recursive: true });
  const ca = path.join(dir, "ca.pem");
  await writeFile(ca, toPem("CERTIFICATE", caDer));
  const made = await tool("certutil", ["-N", "-d", `sql:${nss}`, "--empty-password"]);
  if (made.code !== 0) return made;
  const added = await tool("certutil", [
    "-A",
    "-d",
    `sql:${nss}`,
    "-n",
    "tremplin-ca",
    "-t",
    "CT,C,C",
    "-i",
    ca,
  ]);
  if (added.code !== 0) return added;
  return tool("pdfsig", ["-nssdir", `sql:${nss}`, pdfFile]);
}
