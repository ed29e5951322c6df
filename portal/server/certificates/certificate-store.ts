import "server-only";
import { randomUUID } from "node:crypto";
import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";

/**
 * Where issued PDFs are kept: a local folder by default (`<data dir>/certificates`); an
 * S3-compatible bucket is the scale path behind the same three calls. Keys are the public code
 * (Crockford base 32 and dashes: safe as a file name), under a folder per code prefix.
 */
export type CertificateStore = {
  put(code: string, pdf: Uint8Array): Promise<string>;
  get(key: string): Promise<Uint8Array | undefined>;
  remove(key: string): Promise<void>;
};

export function folderCertificateStore(root: string): CertificateStore {
  const file = (key: string) => {
    if (!/^[0-9A-Z]{2}\/TRM-[0-9A-Z-]+\.pdf$/.test(key)) throw new Error(`not a certificate key: ${key}`);
    return path.join(root, key);
  };
  return {
    async put(code, pdf) {
      const key = `${code.slice(4, 6)}/${code}.pdf`;
      const target = file(key);
      await mkdir(path.dirname(target), { recursive: true });
      // Written aside then renamed: a crash leaves a stray temp file, never half a certificate.
      const temp = `${target}.${randomUUID()}.tmp`;
      await writeFile(temp, pdf, { flag: "wx" });
      await rename(temp, target);
      return key;
    },
    async get(key) {
      try {
        return new Uint8Array(await readFile(file(key)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
        throw error;
      }
    },
    async remove(key) {
      await rm(file(key), { force: true });
    },
  };
}
