// Tests only: a real RFC 3161 time-stamp authority made with OpenSSL (`openssl ts -reply`), so the
// vault's tests stamp and read tokens that code nobody here wrote produced.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

export type TestTsa = {
  stamp(sha256Digest: Uint8Array): Promise<Uint8Array>;
  /** The TSA's self-signed certificate (PEM file), for `openssl ts -verify -CAfile`. */
  certificatePath: string;
  dir: string;
  close(): Promise<void>;
};

export async function startOpensslTsa(): Promise<TestTsa> {
  const dir = await mkdtemp(path.join(tmpdir(), "vault-tsa-"));
  const file = (name: string) => path.join(dir, name);
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:P-256",
    "-nodes",
    "-keyout",
    file("key.pem"),
    "-out",
    file("cert.pem"),
    "-days",
    "2",
    "-subj",
    "/CN=Vault test TSA",
    "-addext",
    "extendedKeyUsage=critical,timeStamping",
  ]);
  await writeFile(file("serial"), "01\n");
  await writeFile(
    file("tsa.cnf"),
    [
      "[ tsa ]",
      "default_tsa = tsa_config",
      "[ tsa_config ]",
      `serial = ${file("serial")}`,
      "crypto_device = builtin",
      "signer_digest = sha256",
      "default_policy = 1.2.3.4.1",
      "digests = sha256",
      "ess_cert_id_alg = sha256",
      "",
    ].join("\n"),
  );
  let count = 0;
  return {
    certificatePath: file("cert.pem"),
    dir,
    async stamp(digest) {
      count += 1;
      const query = file(`q${count}.tsq`);
      const token = file(`t${count}.der`);
      await run("openssl", [
        "ts",
        "-query",
        "-digest",
        Buffer.from(digest).toString("hex"),
        "-sha256",
        "-cert",
        "-out",
        query,
      ]);
      await run("openssl", [
        "ts",
        "-reply",
        "-config",
        file("tsa.cnf"),
        "-queryfile",
        query,
        "-signer",
        file("cert.pem"),
        "-inkey",
        file("key.pem"),
        "-token_out",
        "-out",
        token,
      ]);
      return new Uint8Array(await readFile(token));
    },
    close: () => rm(dir, { recursive: true, force: true }),
  };
}
