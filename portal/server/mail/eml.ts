import { randomUUID } from "node:crypto";
import addressparser from "nodemailer/lib/addressparser";
import MailComposer from "nodemailer/lib/mail-composer";
import { z } from "zod";

export type Address = { name: string; address: string };
export type MailMessage = {
  from: Address;
  to: Address;
  subject: string;
  text: string;
  /**
   * The left part of the Message-ID when the message stands for one event (letters, digits, dots,
   * hyphens, underscores): a copy sent again after a crash then carries the same id, and mail clients show it once.
   */
  id?: string;
};
/** SMTP envelope: MAIL FROM and RCPT TO. */
export type Envelope = { from: string; to: string };

// One "@", no spaces, no "<" or ">": an SMTP path (RFC 5321 §4.1.2) that a relay can be asked to deliver.
const mailboxSchema = z.string().regex(/^[^\s<>@]+@[^\s<>@]+$/, { message: "adresse e-mail illisible" });

/**
 * Renders a message as RFC 5322 text (an .eml file) with nodemailer's MailComposer: address
 * headers (RFC 2047 names), Date, MIME headers, and the body in quoted-printable so the file stays
 * readable in any editor. The Subject is handed over ready-made, one encoded word on one line
 * (`encodeWord`): IT and the test fixtures read it from its `Subject:` line with grep or a regex.
 */
export async function renderEml(message: MailMessage, now: Date): Promise<string> {
  // A line break or an angle bracket would let the address write a header of its own.
  for (const a of [message.from, message.to])
    if (/[\r\n<>]/.test(a.address)) throw new Error("adresse e-mail invalide");
  const domain = message.from.address.split("@")[1] ?? "tremplin.local";
  const composer = new MailComposer({
    from: message.from,
    to: message.to,
    headers: { Subject: { prepared: true, value: encodeWord(message.subject) } },
    date: now,
    messageId: `<${messageId(message.id)}@${domain}>`,
    text: { content: message.text, contentTransferEncoding: "quoted-printable" },
    newline: "\r\n",
    // The text is ours, never a path or a URL to fetch; say so rather than rely on its type.
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return (await composer.compile().build()).toString("utf8");
}

/**
 * Reads the envelope back from the From and To headers of a file that `renderEml` wrote (one
 * mailbox each, `addr` or `name <addr>`, possibly folded). Throws, in French, on anything else:
 * such a file can never be sent and is set aside rather than retried.
 */
export function readEnvelope(eml: string): Envelope {
  const headerEnd = eml.indexOf("\r\n\r\n");
  // RFC 5322 §2.2.3: a folded header goes on after CRLF and a space or tab.
  const headers = (headerEnd === -1 ? eml : eml.slice(0, headerEnd)).replace(/\r\n[ \t]/g, " ").split("\r\n");
  const address = (name: "From" | "To") => {
    const line = headers.find((h) => h.startsWith(`${name}: `));
    if (!line) throw new Error(`en-tête ${name} absent`);
    const mailboxes = addressparser(line.slice(name.length + 2), { flatten: true });
    const parsed = mailboxSchema.safeParse(mailboxes.length === 1 ? mailboxes[0]!.address : "");
    if (!parsed.success) throw new Error(`en-tête ${name} : ${parsed.error.issues[0]?.message}`);
    return parsed.data;
  };
  return { from: address("From"), to: address("To") };
}

function messageId(id: string | undefined): string {
  if (id === undefined) return randomUUID();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) throw new Error("identifiant de message invalide");
  return id;
}

/** RFC 2047: non-ASCII (or header-breaking) text becomes =?utf-8?B?…?=. */
export function encodeWord(text: string): string {
  const clean = text.replace(/[\r\n]+/g, " ");
  if (/^[\x20-\x7e]*$/.test(clean) && !clean.includes("=?")) return clean;
  return `=?utf-8?B?${Buffer.from(clean, "utf8").toString("base64")}?=`;
}

/** The text of a header value that `encodeWord` wrote (the Subject of an .eml of the outbox). */
export function decodeWord(value: string): string {
  const encoded = /^=\?utf-8\?B\?(.*)\?=$/.exec(value);
  return encoded ? Buffer.from(encoded[1]!, "base64").toString("utf8") : value;
}

/** Decodes a quoted-printable body (tests and tools reading the outbox). */
export function decodeQuotedPrintable(body: string): string {
  const joined = body.replace(/=\r?\n/g, "");
  const bytes: number[] = [];
  for (let i = 0; i < joined.length; i++) {
    const hex = joined.slice(i + 1, i + 3);
    if (joined[i] === "=" && /^[0-9A-F]{2}$/.test(hex)) {
      bytes.push(Number.parseInt(hex, 16));
      i += 2;
    } else bytes.push(...Buffer.from(joined[i]!, "utf8"));
  }
  return Buffer.from(bytes).toString("utf8");
}
