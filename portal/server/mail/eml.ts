import { randomUUID } from "node:crypto";
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

/**
 * Renders a message as RFC 5322 text (an .eml file): UTF-8 headers as RFC 2047 encoded words,
 * the body in quoted-printable so the file stays readable in any editor.
 */
export function renderEml(message: MailMessage, now: Date): string {
  const domain = message.from.address.split("@")[1] ?? "tremplin.local";
  const headers = [
    `From: ${formatAddress(message.from)}`,
    `To: ${formatAddress(message.to)}`,
    `Subject: ${encodeWord(message.subject)}`,
    `Date: ${now.toUTCString().replace("GMT", "+0000")}`,
    `Message-ID: <${messageId(message.id)}@${domain}>`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=utf-8",
    "Content-Transfer-Encoding: quoted-printable",
  ];
  return `${headers.join("\r\n")}\r\n\r\n${quotedPrintable(message.text)}\r\n`;
}

// What renderEml lets through (no CR, LF, "<" or ">"), narrowed to one "@" and no spaces: an SMTP
// path (RFC 5321 §4.1.2) that a relay can be asked to deliver.
const mailboxSchema = z.string().regex(/^[^\s<>@]+@[^\s<>@]+$/, { message: "adresse e-mail illisible" });

/**
 * Reads the envelope back from the From and To headers of a file that `renderEml` wrote (one line
 * each, `addr` or `name <addr>`, never folded). Throws, in French, on anything else: such a file
 * can never be sent and is set aside rather than retried.
 */
export function readEnvelope(eml: string): Envelope {
  const headerEnd = eml.indexOf("\r\n\r\n");
  const headers = (headerEnd === -1 ? eml : eml.slice(0, headerEnd)).split("\r\n");
  const address = (name: "From" | "To") => {
    const line = headers.find((h) => h.startsWith(`${name}: `));
    if (!line) throw new Error(`en-tête ${name} absent`);
    const value = line.slice(name.length + 2).trim();
    const bracketed = /<([^<>]*)>$/.exec(value);
    const parsed = mailboxSchema.safeParse(bracketed ? bracketed[1] : value);
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

function formatAddress(a: Address): string {
  if (/[\r\n<>]/.test(a.address)) throw new Error("adresse e-mail invalide");
  return a.name ? `${encodeWord(a.name)} <${a.address}>` : a.address;
}

/** RFC 2047: non-ASCII (or header-breaking) text becomes =?utf-8?B?…?=. */
export function encodeWord(text: string): string {
  const clean = text.replace(/[\r\n]+/g, " ");
  if (/^[\x20-\x7e]*$/.test(clean) && !clean.includes("=?")) return clean;
  return `=?utf-8?B?${Buffer.from(clean, "utf8").toString("base64")}?=`;
}

/** The text of a header value that `encodeWord` wrote. */
export function decodeWord(value: string): string {
  const encoded = /^=\?utf-8\?B\?(.*)\?=$/.exec(value);
  return encoded ? Buffer.from(encoded[1]!, "base64").toString("utf8") : value;
}

/** RFC 2045 §6.7: lines of at most 76 characters, soft breaks with "=", CRLF line ends. */
export function quotedPrintable(text: string): string {
  return text
    .replace(/\r?\n/g, "\n")
    .split("\n")
    .map((line) => {
      let encoded = "";
      for (const byte of Buffer.from(line, "utf8")) {
        const isPlain = (byte >= 33 && byte <= 126 && byte !== 61) || byte === 32;
        encoded += isPlain
          ? String.fromCharCode(byte)
          : `=${byte.toString(16).toUpperCase().padStart(2, "0")}`;
      }
      // A space at the end of a line would be stripped in transit.
      encoded = encoded.replace(/ $/, "=20");
      const out: string[] = [];
      while (encoded.length > 75) {
        let cut = 75;
        // Never split an =XX escape.
        const eq = encoded.lastIndexOf("=", cut);
        if (eq > cut - 3) cut = eq;
        out.push(`${encoded.slice(0, cut)}=`);
        encoded = encoded.slice(cut);
      }
      out.push(encoded);
      return out.join("\r\n");
    })
    .join("\r\n");
}

/** Decodes quoted-printable (tests and tools reading the outbox). */
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
