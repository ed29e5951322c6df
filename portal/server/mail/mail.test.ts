import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { afterAll, describe, expect, it } from "vitest";
import { decodeQuotedPrintable, decodeWord, encodeWord, readEnvelope, renderEml } from "./eml";
import { createOutboxMailer } from "./outbox-mailer";

const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const c of cleanups) await c();
});

const message = {
  from: { name: "Tremplin", address: "no-reply@tremplin.local" },
  to: { name: "Élise Dupré", address: "elise@exemple.fr" },
  subject: "Inscription confirmée : « Paie et DSN »",
  text: `Bonjour Élise,\n\nVotre inscription est confirmée. ${"Une très longue ligne ".repeat(8)}= 100 %\nÀ bientôt `,
};

describe("e-mail rendering", () => {
  it("encodes non-ASCII headers and keeps ASCII ones readable", () => {
    expect(encodeWord("Hello")).toBe("Hello");
    expect(encodeWord("Élise")).toBe(`=?utf-8?B?${Buffer.from("Élise").toString("base64")}?=`);
    expect(encodeWord("a\r\nBcc: x@y")).toBe("a Bcc: x@y");
    for (const text of ["Hello", "Inscription confirmée : « Paie et DSN »"])
      expect(decodeWord(encodeWord(text))).toBe(text);
  });
  it("writes quoted-printable lines of at most 76 characters that decode back", async () => {
    const eml = await renderEml(message, new Date());
    const encoded = eml.slice(eml.indexOf("\r\n\r\n") + 4).replace(/\r\n$/, "");
    for (const line of encoded.split("\r\n")) expect(line.length).toBeLessThanOrEqual(76);
    expect(decodeQuotedPrintable(encoded)).toBe(message.text.replace(/\n/g, "\r\n"));
  });
  it("reads the envelope back from the headers it wrote", async () => {
    const eml = await renderEml(message, new Date());
    expect(readEnvelope(eml)).toEqual({ from: "no-reply@tremplin.local", to: "elise@exemple.fr" });
    const bare = await renderEml({ ...message, from: { name: "", address: "a@b.fr" } }, new Date());
    expect(readEnvelope(bare).from).toBe("a@b.fr");
    expect(() => readEnvelope(eml.replace(/^To: .*$/m, "To: Élise <pas une adresse>"))).toThrow(
      "en-tête To : adresse e-mail illisible",
    );
    expect(() => readEnvelope("Subject: x\r\n\r\nTo: a@b.fr\r\n")).toThrow("en-tête From absent");
  });
  it("reads the envelope back when a long name folds the To header, and refuses two mailboxes", async () => {
    const name = "Marie-Élisabeth de La Rochefoucauld-Dupré de Saint-Exupéry";
    const eml = await renderEml({ ...message, to: { name, address: "me@exemple.fr" } }, new Date());
    expect(eml).toMatch(/^To: .*\r\n[ \t]/m);
    expect(readEnvelope(eml).to).toBe("me@exemple.fr");
    expect(() => readEnvelope(eml.replace(/^To: .*$/m, "To: a@b.fr, c@d.fr"))).toThrow(
      "en-tête To : adresse e-mail illisible",
    );
  });
  it("names a message after its event when it has one, and refuses an id that would break the header", async () => {
    const id = "enrolled.0b7e6a52-94f6-4c51-9d43-2f1e07a0c6d1";
    expect(await renderEml({ ...message, id }, new Date())).toContain(
      `\r\nMessage-ID: <${id}@tremplin.local>\r\n`,
    );
    const random = /^Message-ID: <[0-9a-f-]{36}@tremplin\.local>$/m;
    expect(await renderEml(message, new Date())).toMatch(random);
    await expect(renderEml({ ...message, id: "x>\r\nBcc: c@d.fr" }, new Date())).rejects.toThrow(
      "identifiant de message invalide",
    );
  });
  it("refuses an address that would inject a header", async () => {
    await expect(
      renderEml({ ...message, to: { name: "x", address: "a@b.fr>\r\nBcc: c@d.fr" } }, new Date()),
    ).rejects.toThrow();
  });
});

describe("outbox mailer", () => {
  it("writes one complete .eml per message and no temporary file", async () => {
    const { dir, cleanup } = await makeTmpDir("tremplin-outbox-");
    cleanups.push(cleanup);
    const outbox = path.join(dir, "mail-outbox");
    const mailer = createOutboxMailer(outbox, () => new Date("2026-11-20T10:00:00Z"));
    await Promise.all([mailer.send(message), mailer.send(message)]);
    const files = await readdir(outbox);
    expect(files).toHaveLength(2);
    expect(files.every((f) => f.endsWith(".eml") && f.startsWith("2026-11-20T10-00-00-000Z-"))).toBe(true);
    const eml = await readFile(path.join(outbox, files[0]!), "utf8");
    // RFC 2047 §2: the charset name is case-insensitive, and nodemailer picks Q or B by length.
    expect(eml).toMatch(/^To: =\?utf-8\?[BQ]\?.+\?= <elise@exemple\.fr>$/im);
    expect(eml).toContain("Date: Fri, 20 Nov 2026 10:00:00 +0000");
    const body = eml.split("\r\n\r\n").slice(1).join("\r\n\r\n");
    expect(decodeQuotedPrintable(body)).toContain("Votre inscription est confirmée.");
  });
});
