import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import path from "node:path";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import pino from "pino";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { decodeQuotedPrintable, type MailMessage } from "./eml";
import { retryDelay, type Schedule } from "./outbox-deliverer";
import { createOutboxMailer } from "./outbox-mailer";
import { createSmtpMailer } from "./smtp-mailer";
import { makeRelayCertificate, startTestRelay, type TestRelay } from "./smtp-relay.fixture";
import { smtpPoolOptions } from "./smtp-sender";

const message: MailMessage = {
  from: { name: "Tremplin", address: "no-reply@tremplin.local" },
  to: { name: "Élise Dupré", address: "elise@exemple.fr" },
  subject: "Inscription confirmée : « Paie et DSN »",
  text: "Bonjour Élise,\n\nVotre inscription à « Paie et DSN » est confirmée (100 % à distance).\nÀ bientôt",
};

let tmp: { dir: string; cleanup: () => Promise<void> };
let tls: Awaited<ReturnType<typeof makeRelayCertificate>>;
const stops: (() => Promise<void>)[] = [];

beforeAll(async () => {
  tmp = await makeTmpDir("tremplin-smtp-");
  tls = await makeRelayCertificate(tmp.dir);
});
afterEach(async () => {
  // Mailers first: a relay waits for the connections a pool keeps open.
  for (const stop of stops.splice(0).reverse()) await stop();
});
afterAll(() => tmp.cleanup());

/**
 * Timers the test fires by hand: each pass ends by scheduling the next one, and `next()` hands
 * it over (with its wait), so retries run when the test says, not after a sleep.
 */
function manualTimers() {
  const waiting: ((entry: { ms: number; run: () => Promise<void> }) => void)[] = [];
  const planned: { ms: number; run: () => Promise<void> }[] = [];
  const schedule: Schedule = (ms, run) => {
    const entry = { ms, run };
    const taker = waiting.shift();
    if (taker) taker(entry);
    else planned.push(entry);
    return () => undefined;
  };
  const next = () =>
    new Promise<{ ms: number; run: () => Promise<void> }>((resolve) => {
      const entry = planned.shift();
      if (entry) resolve(entry);
      else waiting.push(resolve);
    });
  return { schedule, next };
}

function memoryLog() {
  const lines: { level: number; msg: string; reason?: string }[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

async function relay(options: Partial<Parameters<typeof startTestRelay>[0]> = {}): Promise<TestRelay> {
  const started = await startTestRelay({ key: tls.key, cert: tls.cert, ...options });
  stops.push(started.close);
  return started;
}

async function outbox(): Promise<string> {
  const { dir } = await makeTmpDir("tremplin-outbox-");
  stops.push(() => import("node:fs/promises").then((fs) => fs.rm(dir, { recursive: true, force: true })));
  return dir;
}

function mailer(dir: string, url: string, options: { caFile?: string | undefined } = {}) {
  const timers = manualTimers();
  const log = memoryLog();
  const smtp = createSmtpMailer({
    dir,
    smtp: { url, caFile: "caFile" in options ? options.caFile : tls.caFile },
    log: log.logger,
    schedule: timers.schedule,
  });
  stops.push(() => smtp.deliverer.stop());
  return { ...smtp, timers, log };
}

const emls = async (dir: string) => (await readdir(dir).catch(() => [])).filter((f) => f.endsWith(".eml"));

function decodeSubject(raw: string): string {
  const encoded = /^Subject: =\?utf-8\?B\?([^?]+)\?=$/m.exec(raw)?.[1];
  return Buffer.from(encoded ?? "", "base64").toString("utf8");
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe("SMTP delivery of the outbox", () => {
  it("delivers over STARTTLS with the envelope of the From and To headers, then files it in sent/", async () => {
    const smtp = await relay();
    const dir = await outbox();
    const m = mailer(dir, `smtp://127.0.0.1:${smtp.port}`);

    await m.send(message);
    expect((await m.timers.next()).ms).toBe(60_000); // the pass went well: back to idle

    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.received;
    expect(mail).toMatchObject({ from: "no-reply@tremplin.local", to: ["elise@exemple.fr"], isSecure: true });
    expect(decodeSubject(mail!.raw)).toBe(message.subject);
    const body = mail!.raw.split("\r\n\r\n").slice(1).join("\r\n\r\n");
    expect(decodeQuotedPrintable(body).trimEnd()).toBe(message.text.replace(/\n/g, "\r\n"));

    expect(await emls(dir)).toEqual([]);
    const sent = await emls(path.join(dir, "sent"));
    expect(sent).toHaveLength(1);
    expect(await readFile(path.join(dir, "sent", sent[0]!), "utf8")).toBe(mail!.raw);
    expect(await readdir(path.join(dir, "sending"))).toEqual([]);
    expect(await m.deliverer.status()).toEqual({ pending: 0, lastError: undefined });
  });

  it("delivers over smtps:// with the credentials of the URL", async () => {
    const smtp = await relay({ isImplicitTls: true, login: { user: "portail", pass: "p@ss:wörd" } });
    const dir = await outbox();
    const m = mailer(dir, `smtps://portail:${encodeURIComponent("p@ss:wörd")}@127.0.0.1:${smtp.port}`);

    await m.send(message);
    await m.timers.next();

    expect(smtp.received).toMatchObject([{ to: ["elise@exemple.fr"], isSecure: true, user: "portail" }]);
    expect(await emls(path.join(dir, "sent"))).toHaveLength(1);
  });

  it("keeps the mail while the relay is down and sends it once it is back, backing off meanwhile", async () => {
    const port = await freePort();
    const dir = await outbox();
    const m = mailer(dir, `smtp://127.0.0.1:${port}`);

    await m.send(message);
    const firstRetry = await m.timers.next();
    expect(firstRetry.ms).toBe(15_000);
    expect(await emls(dir)).toHaveLength(1);
    const status = await m.deliverer.status();
    expect(status.pending).toBe(1);
    expect(status.lastError?.reason).toContain("ECONNREFUSED");
    expect(m.log.lines.some((l) => l.msg === "mail not sent, will retry")).toBe(true);

    await firstRetry.run();
    const secondRetry = await m.timers.next();
    expect(secondRetry.ms).toBe(30_000);
    expect(await emls(dir)).toHaveLength(1);

    const smtp = await relay({ port });
    await secondRetry.run();
    expect((await m.timers.next()).ms).toBe(60_000);
    expect(smtp.received).toHaveLength(1);
    expect(await emls(dir)).toEqual([]);
    expect(await emls(path.join(dir, "sent"))).toHaveLength(1);
  });

  it("sends at start-up what a previous run left in the folder", async () => {
    const smtp = await relay();
    const dir = await outbox();
    await createOutboxMailer(dir).send(message); // written, never delivered: the portal stopped
    const m = mailer(dir, `smtp://127.0.0.1:${smtp.port}`);

    m.deliverer.start();
    await m.timers.next();

    expect(smtp.received).toHaveLength(1);
    expect(await emls(path.join(dir, "sent"))).toHaveLength(1);
  });

  it("sets a mail refused with 550 aside in rejected/ with the reason, and never sends it again", async () => {
    const smtp = await relay({ refuse: ["inconnu@exemple.fr"] });
    const dir = await outbox();
    const m = mailer(dir, `smtp://127.0.0.1:${smtp.port}`);

    await m.send({ ...message, to: { name: "", address: "inconnu@exemple.fr" } });
    expect((await m.timers.next()).ms).toBe(60_000); // not a retry: nothing left to retry

    const rejected = await readdir(path.join(dir, "rejected"));
    const eml = rejected.find((f) => f.endsWith(".eml"));
    expect(rejected.sort()).toEqual([eml, `${eml}.reason.txt`]);
    const reason = await readFile(path.join(dir, "rejected", `${eml}.reason.txt`), "utf8");
    expect(reason).toMatch(/^RCPT TO : 550 .*Unknown user/);
    expect(m.log.lines.find((l) => l.level === 50)).toMatchObject({
      msg: "mail refused for good, moved to rejected/",
    });
    expect(await emls(dir)).toEqual([]);

    expect(await m.deliverer.deliverPending()).toEqual({ sent: 0, rejected: 0, deferred: 0 });
    expect(smtp.rcptAttempts).toEqual(["inconnu@exemple.fr"]);
    expect(smtp.received).toEqual([]);
    expect((await m.deliverer.status()).lastError?.reason).toBe(reason.trim());
  });

  it("keeps the mail when the relay's certificate is not trusted (verification stays on)", async () => {
    const smtp = await relay();
    const dir = await outbox();
    const m = mailer(dir, `smtp://127.0.0.1:${smtp.port}`, { caFile: undefined });

    await m.send(message);
    expect((await m.timers.next()).ms).toBe(15_000);

    expect(smtp.received).toEqual([]);
    expect(await emls(dir)).toHaveLength(1);
    expect((await m.deliverer.status()).lastError?.reason).toMatch(/certificate/i);
  });

  it("sends each mail exactly once when two instances share the folder", async () => {
    const smtp = await relay();
    const dir = await outbox();
    const writer = createOutboxMailer(dir);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => writer.send({ ...message, subject: `message ${i}` })),
    );
    const a = mailer(dir, `smtp://127.0.0.1:${smtp.port}`);
    const b = mailer(dir, `smtp://127.0.0.1:${smtp.port}`);

    const [ra, rb] = await Promise.all([a.deliverer.deliverPending(), b.deliverer.deliverPending()]);

    expect(ra.sent + rb.sent).toBe(20);
    expect(ra.deferred + rb.deferred + ra.rejected + rb.rejected).toBe(0);
    const subjects = smtp.received.map((r) => /^Subject: (.*)$/m.exec(r.raw)?.[1]).sort();
    expect(subjects).toEqual(Array.from({ length: 20 }, (_, i) => `message ${i}`).sort());
    expect(await emls(path.join(dir, "sent"))).toHaveLength(20);
    expect(await emls(dir)).toEqual([]);
  });

  it("takes back a claim left by a stopped instance, not one still in progress", async () => {
    const smtp = await relay();
    const dir = await outbox();
    const writer = createOutboxMailer(dir);
    await writer.send({ ...message, subject: "abandoned" });
    await writer.send({ ...message, subject: "in progress" });
    const [abandoned, inProgress] = await Promise.all(
      (await emls(dir)).map(async (f) => ({ f, raw: await readFile(path.join(dir, f), "utf8") })),
    ).then((all) =>
      ["abandoned", "in progress"].map((s) => all.find((e) => e.raw.includes(`Subject: ${s}`))!.f),
    );
    await mkdir(path.join(dir, "sending"));
    const { rename } = await import("node:fs/promises");
    const now = Date.now();
    await rename(
      path.join(dir, abandoned!),
      path.join(dir, "sending", `${abandoned}.${now - 6 * 60_000}.claim`),
    );
    await rename(
      path.join(dir, inProgress!),
      path.join(dir, "sending", `${inProgress}.${now - 60_000}.claim`),
    );
    const m = mailer(dir, `smtp://127.0.0.1:${smtp.port}`);

    expect(await m.deliverer.deliverPending()).toEqual({ sent: 1, rejected: 0, deferred: 0 });

    expect(smtp.received.map((r) => /^Subject: (.*)$/m.exec(r.raw)?.[1])).toEqual(["abandoned"]);
    expect(await readdir(path.join(dir, "sending"))).toEqual([`${inProgress}.${now - 60_000}.claim`]);
    expect((await m.deliverer.status()).pending).toBe(1);
  });

  it("sets aside a file whose To header cannot be read", async () => {
    const smtp = await relay();
    const dir = await outbox();
    await writeFile(
      path.join(dir, "2026-01-01T00-00-00-000Z-broken.eml"),
      "From: a@b.fr\r\nTo: personne\r\n\r\nx\r\n",
    );
    const m = mailer(dir, `smtp://127.0.0.1:${smtp.port}`);

    expect(await m.deliverer.deliverPending()).toEqual({ sent: 0, rejected: 1, deferred: 0 });
    expect(
      await readFile(path.join(dir, "rejected", "2026-01-01T00-00-00-000Z-broken.eml.reason.txt"), "utf8"),
    ).toBe("fichier illisible : en-tête To : adresse e-mail illisible\n");
    expect(smtp.rcptAttempts).toEqual([]);
  });
});

describe("SMTP settings", () => {
  it("backs off from 15 s, doubling, up to 15 minutes", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map((n) => retryDelay(n) / 1000)).toEqual([
      15, 30, 60, 120, 240, 480, 900, 900,
    ]);
  });

  it("reads the URL: STARTTLS on smtp://, required with credentials; TLS on smtps://; CA kept", () => {
    const ca = Buffer.from("pem");
    expect(smtpPoolOptions("smtp://relais.region.fr", undefined)).toMatchObject({
      host: "relais.region.fr",
      port: 587,
      secure: false,
      requireTLS: false,
      opportunisticTLS: false,
      tls: { rejectUnauthorized: true },
    });
    const withLogin = smtpPoolOptions("smtp://portail:a%40b@relais.region.fr:25", ca);
    expect(withLogin).toMatchObject({ port: 25, requireTLS: true, auth: { user: "portail", pass: "a@b" } });
    expect(withLogin.tls?.ca).toBe(ca);
    expect(smtpPoolOptions("smtps://[::1]", undefined)).toMatchObject({
      host: "::1",
      port: 465,
      secure: true,
    });
  });
});
