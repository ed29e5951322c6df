import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import type { Database } from "@tremplin/db/client";
import { makeUser, makeUsers } from "@tremplin/db/factories";
import { attendanceRecords } from "@tremplin/db/schema";
import { createTestDatabase } from "@tremplin/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildPlanningWorld, type PlanningWorld } from "@/server/planning/test-world";
import { correctPresence } from "./correct-presence";
import { exportAttendanceSheet } from "./export-attendance-sheet";
import { csvHeaders } from "./sheet-csv";
import { validateHalfDay } from "./validate-half-day";

const run = promisify(execFile);
let database: Database;
let w: PlanningWorld;
let dir: string;
let sessionId: string;
let emptySessionId: string;
const z = (hhmm: string) => new Date(`2026-11-23T${hhmm}:00Z`);
const now = z("17:00");
const awkward = 'Jean "Jo" Dupont; fils';
const reason = "Badge oublié;\nprésent toute la matinée";

/** RFC 4180 with `;`: quoted fields may hold separators, doubled quotes and line breaks. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') {
      quoted = false;
    } else if (quoted || (c !== '"' && c !== ";" && c !== "\r")) {
      field += c;
    } else if (c === '"') {
      quoted = true;
    } else if (c === ";") {
      row.push(field);
      field = "";
    } else if (text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else {
      throw new Error(`a bare CR at ${i}`);
    }
  }
  if (field || row.length) throw new Error("the file does not end with CRLF");
  return rows;
}

beforeAll(async () => {
  database = await createTestDatabase();
  w = await buildPlanningWorld(database.db);
  dir = await mkdtemp(path.join(tmpdir(), "sheet-"));
  const session = await w.addSession({ startsAt: z("08:00"), endsAt: z("16:00") });
  sessionId = session.id;
  const jean = await makeUser(database.db, { username: `j.dupont.${w.tag}`, displayName: awkward });
  const { lea, zoe } = w.learners;
  await w.enrol(sessionId, [lea.id, zoe.id, jean.id]);
  await database.db.insert(attendanceRecords).values([
    {
      sessionId,
      learnerId: lea.id,
      source: "kiosk",
      kioskId: w.postA1.id,
      startedAt: z("07:55"),
      endedAt: z("11:35"),
      endReason: "logout",
    },
    {
      sessionId,
      learnerId: lea.id,
      source: "kiosk",
      kioskId: w.postA2.id,
      startedAt: z("12:31"),
      endedAt: z("16:02"),
      endReason: "poweroff",
    },
    { sessionId, learnerId: zoe.id, source: "remote", startedAt: z("13:00"), endedAt: z("15:00") },
  ]);
  await correctPresence(database.db, {
    actor: w.trainer,
    sessionId,
    fields: { learnerId: jean.id, date: "2026-11-23", period: "am", status: "present", reason },
    now,
  });
  await validateHalfDay(database.db, {
    actor: w.trainer,
    sessionId,
    fields: { date: "2026-11-23", period: "am" },
    now,
  });
  emptySessionId = (
    await w.addSession({
      startsAt: z("17:00"),
      endsAt: z("20:00"),
      roomId: w.roomB.id,
      trainerId: w.otherTrainer.id,
    })
  ).id;
});
afterAll(async () => {
  await database.close();
  await rm(dir, { recursive: true, force: true });
});

const exportSheet = (format: "pdf" | "csv", id = sessionId, actor = w.trainer) =>
  exportAttendanceSheet(database.db, { actor, sessionId: id, format, now });

async function pdfText(body: Uint8Array, name: string): Promise<{ text: string; info: string }> {
  const file = path.join(dir, name);
  await writeFile(file, body);
  const { stdout: text } = await run("pdftotext", ["-layout", file, "-"]);
  const { stdout: info } = await run("pdfinfo", [file]);
  return { text, info };
}

describe("the attendance sheet as CSV", () => {
  it("is UTF-8 with a BOM, `;`-separated, one line per learner and half-day, quoted where needed", async () => {
    const sheet = await exportSheet("csv");
    expect(sheet.contentType).toBe("text/csv; charset=utf-8");
    expect(sheet.filename).toBe(`emargement-EXCEL-${w.tag}-2026-11-23.csv`);
    const text = sheet.body as string;
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const [header, ...rows] = parseCsv(text.slice(1));
    expect(header).toEqual(csvHeaders);
    expect(rows).toHaveLength(6);
    const col = (name: string) => csvHeaders.indexOf(name);
    const byKey = new Map(rows.map((r) => [`${r[col("Identifiant")]}|${r[col("Demi-journée")]}`, r]));
    const leaMorning = byKey.get(`l.andre.${w.tag}|Matin`)!;
    expect(leaMorning[col("Stagiaire")]).toBe("Léa André");
    expect(leaMorning[col("Statut")]).toBe("Présent");
    expect(leaMorning[col("Preuves de présence")]).toBe(`Connexion au poste ${w.postA1.label} 8h55–12h35`);
    expect(leaMorning[col("Durée retenue (heures)")]).toBe("3,50");
    expect(leaMorning[col("Horaires prévus")]).toBe("9h00–12h30");
    expect(leaMorning[col("Lieu")]).toBe(`${w.site.name} — Salle Jaurès (Albi)`);
    expect(leaMorning[col("Formateur")]).toBe("Isabelle Fabre");
    expect(leaMorning[col("Validation du formateur")]).toBe(
      "Validée par Isabelle Fabre le 23/11/2026 à 18h00",
    );
    expect(byKey.get(`l.andre.${w.tag}|Après-midi`)![col("Validation du formateur")]).toBe("Non validée");
    const jean = byKey.get(`j.dupont.${w.tag}|Matin`)!;
    expect(jean[col("Stagiaire")]).toBe(awkward);
    expect(jean[col("Motif de la correction")]).toBe(reason);
    expect(jean[col("Correction du formateur")]).toMatch(/^Présent — par Isabelle Fabre le 23\/11\/2026/);
    expect(byKey.get(`z.zoe.${w.tag}|Après-midi`)![col("Durée retenue (heures)")]).toBe("2,00");
    expect(byKey.get(`z.zoe.${w.tag}|Matin`)![col("Statut")]).toBe("Absent");
  });

  it("gives a valid file with the header line alone for a session without learners", async () => {
    const text = (await exportSheet("csv", emptySessionId, w.otherTrainer)).body as string;
    expect(text).toBe(`\uFEFF${csvHeaders.join(";")}\r\n`);
  });

  it("is not given to another trainer or a learner; IT and auditors may export", async () => {
    await expect(exportSheet("csv", sessionId, w.otherTrainer)).rejects.toMatchObject({ code: "not_found" });
    await expect(exportSheet("csv", sessionId, w.learnerActor)).rejects.toMatchObject({ code: "not_found" });
    expect((await exportSheet("csv", sessionId, w.it)).filename).toMatch(/\.csv$/);
    expect((await exportSheet("pdf", sessionId, w.auditor)).filename).toMatch(/\.pdf$/);
  });
});

describe("the attendance sheet as PDF", () => {
  it("is A4 landscape with what an audit asks for, accents intact", async () => {
    const sheet = await exportSheet("pdf");
    expect(sheet.contentType).toBe("application/pdf");
    const { text, info } = await pdfText(sheet.body as Uint8Array, "sheet.pdf");
    expect(info).toMatch(/Page size:\s+841\.89 x 595\.28 pts/);
    expect(info).toMatch(/Pages:\s+3/);
    expect(info).toMatch(/Title:\s+Feuille d'émargement — Excel : tableaux croisés dynamiques/);
    for (const expected of [
      "Feuille d'émargement",
      `Excel : tableaux croisés dynamiques (EXCEL-${w.tag})`,
      "le lundi 23 novembre 2026, 9h00–17h00",
      `${w.site.name} — Salle Jaurès (Albi)`,
      "Isabelle Fabre",
      "Lundi 23 novembre 2026 — Matin, 9h00–12h30 (3 h 30 prévues)",
      "Lundi 23 novembre 2026 — Après-midi, 13h30–17h00 (3 h 30 prévues)",
      "Léa André",
      "Zoé Œuvrard",
      `Connexion au poste ${w.postA1.label} 8h55–12h35`,
      "Activité à distance 14h00–16h00",
      "validée par Isabelle Fabre le 23/11/2026 à 18h00",
      "non validée",
      "Badge oublié;",
      "Récapitulatif par stagiaire",
      "Demi-journées présent",
      "Page 3 / 3",
    ]) {
      expect(text).toContain(expected);
    }
  });

  it("continues a long list on further pages, header repeated, nobody lost", async () => {
    const many = await makeUsers(
      database.db,
      Array.from({ length: 45 }, (_, i) => ({
        username: `stagiaire${String(i).padStart(2, "0")}.${w.tag}`,
        displayName: `Stagiaire n° ${String(i).padStart(2, "0")}`,
      })),
    );
    const big = await w.addSession({
      startsAt: new Date("2026-11-24T07:30:00Z"),
      endsAt: new Date("2026-11-24T11:30:00Z"),
      capacity: 50,
    });
    await w.enrol(
      big.id,
      many.map((u) => u.id),
    );
    const { text, info } = await pdfText((await exportSheet("pdf", big.id)).body as Uint8Array, "big.pdf");
    const pages = Number(/Pages:\s+(\d+)/.exec(info)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(4);
    expect(text).toContain("(suite)");
    for (const u of many) expect(text).toContain(u.displayName);
    expect(text.match(/Feuille d'émargement/g)?.length).toBe(pages);
  });

  it("is a valid document for a session without learners", async () => {
    const { text, info } = await pdfText(
      (await exportSheet("pdf", emptySessionId, w.otherTrainer)).body as Uint8Array,
      "empty.pdf",
    );
    expect(info).toMatch(/Pages:\s+2/);
    expect(text).toContain("Aucun stagiaire inscrit à cette session.");
  });
});
