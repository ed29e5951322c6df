import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { SMTPServer } from "smtp-server";

/** What a test relay received: one entry per message it answered 250 to. */
export type ReceivedMail = { from: string; to: string[]; raw: string; isSecure: boolean; user: unknown };

export type TestRelay = {
  port: number;
  received: ReceivedMail[];
  /** Every RCPT TO the relay was asked, refused ones included. */
  rcptAttempts: string[];
  close(): Promise<void>;
};

/**
 * A self-signed certificate for 127.0.0.1 (made by openssl in `dir`): the relay serves it, and
 * the mailer trusts it as its CA file, so verification stays on in tests.
 */
export async function makeRelayCertificate(
  dir: string,
): Promise<{ key: Buffer; cert: Buffer; caFile: string }> {
  const keyFile = path.join(dir, "relay.key");
  const caFile = path.join(dir, "relay.pem");
  await promisify(execFile)(
    "openssl",
    [
      ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"],
      ...["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost", "-keyout", keyFile, "-out", caFile],
    ],
    { timeout: 30_000 },
  );
  return { key: await readFile(keyFile), cert: await readFile(caFile), caFile };
}

/**
 * A real SMTP server on 127.0.0.1 (smtp-server, the library nodemailer's own tests use):
 * STARTTLS on plain connections, or TLS from the first byte with `isImplicitTls`. Recipients in
 * `refuse` get 550 at RCPT TO; with `login`, AUTH is required and checked.
 */
export async function startTestRelay(options: {
  key: Buffer;
  cert: Buffer;
  port?: number;
  isImplicitTls?: boolean;
  refuse?: string[];
  login?: { user: string; pass: string };
}): Promise<TestRelay> {
  const received: ReceivedMail[] = [];
  const rcptAttempts: string[] = [];
  const server = new SMTPServer({
    key: options.key,
    cert: options.cert,
    secure: options.isImplicitTls ?? false,
    authOptional: !options.login,
    logger: false,
    closeTimeout: 200,
    onAuth(auth, _session, callback) {
      const isValid = auth.username === options.login?.user && auth.password === options.login?.pass;
      if (!isValid) return callback(new Error("Invalid username or password"));
      callback(null, { user: auth.username });
    },
    onRcptTo(address, _session, callback) {
      rcptAttempts.push(address.address);
      if (!options.refuse?.includes(address.address)) return callback();
      callback(Object.assign(new Error("5.1.1 Unknown user"), { responseCode: 550 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString("utf8"),
          isSecure: session.secure,
          user: session.user,
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => resolve());
  });
  const address = server.server.address();
  if (!address || typeof address === "string") throw new Error("test relay has no port");
  return {
    port: address.port,
    received,
    rcptAttempts,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
