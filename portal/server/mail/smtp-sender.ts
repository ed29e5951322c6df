import { readFile } from "node:fs/promises";
import nodemailer, { type NodemailerError, type SMTPPoolOptions, type Transporter } from "nodemailer";
import type { Envelope } from "./eml";

export type SmtpSettings = {
  /** `smtp://[user:password@]host[:port]` (STARTTLS) or `smtps://…` (TLS from the first byte). */
  url: string;
  /** PEM of the CA that signed the relay's certificate, when it is not in Node's bundle. */
  caFile?: string | undefined;
};

/**
 * What became of one message:
 *  - `sent`: the relay answered 250 to DATA;
 *  - `refused`: the relay refused this message for good (5xx to MAIL FROM, RCPT TO or DATA);
 *  - `retry`: this message got a transient refusal (4xx, e.g. greylisting); others may pass;
 *  - `relay`: no usable session (down, timeout, TLS, credentials): every message would fail alike.
 */
export type SendOutcome = { kind: "sent" } | { kind: "refused" | "retry" | "relay"; reason: string };

export type SmtpSender = {
  send(raw: string, envelope: Envelope): Promise<SendOutcome>;
  close(): void;
};

/**
 * Sends already-rendered messages (`renderEml`'s text, as is) over one pool of SMTP connections.
 * The transport is made at the first send, so an unreadable CA file is reported as a relay
 * failure (the mail stays queued) rather than failing the page that sent it.
 */
export function createSmtpSender(settings: SmtpSettings): SmtpSender {
  let transport: Promise<Transporter> | undefined;
  const open = async () =>
    nodemailer.createTransport(smtpPoolOptions(settings.url, await readCa(settings.caFile)));

  return {
    async send(raw, envelope) {
      try {
        transport ??= open().catch((error) => {
          transport = undefined;
          throw error;
        });
        await (await transport).sendMail({ raw, envelope: { from: envelope.from, to: [envelope.to] } });
        return { kind: "sent" };
      } catch (error) {
        return classifySmtpError(error);
      }
    },
    close() {
      void transport?.then((t) => t.close()).catch(() => undefined);
      transport = undefined;
    },
  };
}

/** Pooled transport options from the URL; certificate and host name are always verified. */
export function smtpPoolOptions(url: string, ca: Buffer | undefined): SMTPPoolOptions & { pool: true } {
  const parsed = new URL(url);
  const secure = parsed.protocol === "smtps:";
  const auth = parsed.username
    ? { user: decodeURIComponent(parsed.username), pass: decodeURIComponent(parsed.password) }
    : undefined;
  return {
    pool: true,
    maxConnections: 2,
    // The deliverer owns retries (backoff, files kept on disk); the pool must not add its own.
    maxRequeues: 0,
    host: parsed.hostname.replace(/^\[|\]$/g, ""),
    port: parsed.port ? Number(parsed.port) : secure ? 465 : 587,
    secure,
    // smtp://: STARTTLS whenever the relay offers it, and a failed upgrade is an error, never a
    // fallback to plain text. With credentials STARTTLS is required: a relay that stops
    // advertising it (or a man in the middle who strips it) never gets the password in clear.
    opportunisticTLS: false,
    requireTLS: !secure && auth !== undefined,
    ...(auth ? { auth } : {}),
    tls: { rejectUnauthorized: true, minVersion: "TLSv1.2", ...(ca ? { ca } : {}) },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 60_000,
    logger: false,
  };
}

/** Sorts a nodemailer failure into what the deliverer does next (see SendOutcome). */
export function classifySmtpError(error: unknown): SendOutcome & { kind: "refused" | "retry" | "relay" } {
  const e = error as NodemailerError;
  const reply = (e.response ?? e.message ?? String(error)).trim();
  // Only a reply about this message is a refusal of it. A 5xx to AUTH (535) or to EHLO says the
  // portal is misconfigured: the message must wait for IT, not be set aside.
  const isAboutMessage = e.code === "EENVELOPE" || e.code === "EMESSAGE";
  if (isAboutMessage && typeof e.responseCode === "number") {
    const step = e.command ? `${e.command} : ` : "";
    return { kind: e.permanent ? "refused" : "retry", reason: `${step}${reply}` };
  }
  const code = e.originalCode ?? e.code ?? "inconnu";
  return { kind: "relay", reason: `relais SMTP inutilisable (${code}) : ${reply}` };
}

async function readCa(caFile: string | undefined): Promise<Buffer | undefined> {
  if (!caFile) return undefined;
  try {
    return await readFile(caFile);
  } catch (error) {
    throw Object.assign(new Error(`TREMPLIN_SMTP_CA_FILE illisible (${caFile})`, { cause: error }), {
      code: "ECONFIG",
    });
  }
}
