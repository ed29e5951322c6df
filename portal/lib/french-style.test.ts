import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import fr from "../messages/fr.json";

/**
 * French as the site writes it, checked over every French message and the kiosk's login page
 * (its markup and script). Names that come from data (a person, a room, a site) are never
 * written after "de", "à" or "la salle" in a message: they go through @tremplin/domain/french
 * (deName, aPlace, laSalle), which elides and agrees, and has its own tests.
 */
const kioskPage = ["../../kiosk/src/login-page/render.ts", "../../kiosk/src/login-page/assets/login.js"].map(
  (file) => ({
    where: file,
    text: stringLiterals(readFileSync(path.join(import.meta.dirname, file), "utf8")),
  }),
);

/**
 * Sentences the server writes itself (refusals, documents, CLI output), in the areas this check
 * was written for: the learner's, trainer's and IT's use cases, the domain's rules, the kiosk.
 */
const serverSources = [
  "../server/learning",
  "../server/attendance",
  "../server/planning",
  "../server/provisioning",
  "../server/fleet",
  "../server/home",
  "../../packages/domain/src",
  "../../kiosk/src",
]
  .flatMap((dir) =>
    (readdirSync(path.join(import.meta.dirname, dir), { recursive: true }) as string[])
      .filter((file) => /\.ts$/.test(file) && !/\.test\.ts$|fixture|test-/.test(file))
      .map((file) => path.join(dir, file)),
  )
  .map((file) => ({
    where: file,
    text: stringLiterals(readFileSync(path.join(import.meta.dirname, file), "utf8")),
  }));

/** The text of a script's string and template literals, one a line: what the page may show. */
function stringLiterals(source: string): string {
  return (source.match(/"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g) ?? []).join("\n");
}

function messages(node: unknown, at = ""): { where: string; text: string }[] {
  if (typeof node === "string") return [{ where: at, text: node }];
  if (!node || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) => messages(value, at ? `${at}.${key}` : key));
}

const rules: { name: string; pattern: RegExp }[] = [
  // "0 module(s) terminé(s)": an ICU plural says it properly.
  { name: "plural in parentheses", pattern: /\p{L}\(s\)/u },
  // Inclusive writing: the site writes "inscrit(e)", not "inscrit·e" nor "inscrit.e".
  { name: "middle-dot inclusive writing", pattern: /\p{L}·e/u },
  { name: "'la salle Salle …'", pattern: /\bsalle\s+salle\b/iu },
  { name: "'à Maison …' (à la Maison)", pattern: /(^|[\s(«'])à Maison\b/u },
  { name: "'de' before a vowel (d')", pattern: /(^|[\s(«])de [aeiouéèêàâîôûAEIOUÉÈÊÀÂÎÔÛ]/u },
  {
    name: "'de' before a name from data, or 'à' before a place's",
    pattern:
      /(^|[\s(«'])(de \{(name|names|learner|trainer|by|post|label|site|room|siteName|roomName)\}|à \{(site|siteName)\})/u,
  },
  { name: "'la salle' before a room's name", pattern: /\bla salle \{(room|name|roomName)\}/iu },
  { name: "doubled word", pattern: /(^|[\s(«'])(le|la|les|de|des|du|un|une|et|à)\s+\2(?=[\s,.;:!?)»]|$)/iu },
];

describe("French style", () => {
  const texts = [...messages(fr).map((m) => ({ ...m, where: `fr.json ${m.where}` })), ...kioskPage];
  for (const rule of rules) {
    it(`has no ${rule.name}`, () => {
      const found = texts.flatMap(({ where, text }) =>
        text.split("\n").flatMap((line) => (rule.pattern.test(line) ? [`${where}: ${line.trim()}`] : [])),
      );
      expect(found).toEqual([]);
    });
  }

  it("has no plural in parentheses in the sentences the server writes (count() agrees them)", () => {
    const found = serverSources.flatMap(({ where, text }) =>
      text
        .split("\n")
        // Interpolated code (`${when(s)}`) is not text; "http(s)" is a scheme, not a plural.
        .filter((line) => /\p{L}\(s\)/u.test(line.replace(/\$\{[^}]*\}/g, "").replaceAll("http(s)", "")))
        .map((line) => `${where}: ${line.trim()}`),
    );
    expect(found).toEqual([]);
  });

  it("catches what it is meant to catch", () => {
    const hits = (text: string) => rules.filter((r) => r.pattern.test(text)).map((r) => r.name);
    expect(hits("0 module(s) requis terminé(s)")).toEqual(["plural in parentheses"]);
    expect(hits("La salle Salle Toulouse-Lautrec")).toEqual(["'la salle Salle …'"]);
    expect(hits("Ajouter une salle à Maison de région d'Albi")).toEqual(["'à Maison …' (à la Maison)"]);
    expect(hits("Session de Isabelle Fabre")).toEqual(["'de' before a vowel (d')"]);
    expect(hits("Corriger la présence de {name}")).toEqual([
      "'de' before a name from data, or 'à' before a place's",
    ]);
    expect(hits("là où je me suis arrêté·e")).toEqual(["middle-dot inclusive writing"]);
  });
});
