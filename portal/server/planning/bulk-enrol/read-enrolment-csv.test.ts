import { describe, expect, it } from "vitest";
import { maxCsvBytes, readEnrolmentCsv } from "./read-enrolment-csv";

const utf8 = (text: string) => new TextEncoder().encode(text);

describe("reading IT's CSV list of learners", () => {
  it("reads Excel's French CSV: byte-order mark, `;`, CRLF, quoted names, extra columns", () => {
    const file = utf8(
      '\uFEFFNom;Prénom;Identifiant;E-mail\r\n"André; Léa";Léa;l.andre;\r\n\r\nBenali;Omar;;omar@exemple.fr\r\n',
    );
    expect(readEnrolmentCsv(file)).toEqual({
      delimiter: ";",
      lines: [
        { line: 2, identifier: "l.andre" },
        { line: 4, identifier: "omar@exemple.fr" },
      ],
    });
  });

  it("reads `,` files and an e-mail column alone", () => {
    expect(readEnrolmentCsv(utf8("courriel,nom\nzoe@exemple.fr,Zoé Œuvrard\n")).lines).toEqual([
      { line: 2, identifier: "zoe@exemple.fr" },
    ]);
  });

  it("keeps bad lines as malformed, numbered as a spreadsheet numbers them", () => {
    const { lines } = readEnrolmentCsv(utf8("identifiant;email\nl.andre;x;y\n;\n;pas-une-adresse\n"));
    expect(lines).toEqual([
      { line: 2, malformed: "3 colonnes au lieu de 2" },
      { line: 3, malformed: "ni identifiant ni e-mail" },
      { line: 4, malformed: "adresse e-mail invalide" },
    ]);
  });

  it("refuses the whole file when it cannot be read, saying why", () => {
    const refusal = (bytes: Uint8Array) => {
      try {
        readEnrolmentCsv(bytes);
        return "accepted";
      } catch (error) {
        return (error as Error).message;
      }
    };
    expect(refusal(new Uint8Array())).toBe("Le fichier est vide.");
    expect(refusal(new Uint8Array(maxCsvBytes + 1).fill(65))).toBe("Le fichier dépasse 256 Kio.");
    // "identifiant\nAndré" in Latin-1: é is the lone byte 0xE9.
    expect(refusal(Uint8Array.from([...utf8("identifiant\nAndr"), 0xe9]))).toContain("n'est pas en UTF-8");
    expect(refusal(utf8("nom;prénom\nAndré;Léa\n"))).toBe(
      "La première ligne doit nommer une colonne « identifiant » ou « e-mail ».",
    );
    expect(refusal(utf8('identifiant\n"l.andre\n'))).toContain("Guillemets");
    expect(refusal(utf8(`identifiant\n${"x\n".repeat(2001)}`))).toBe(
      "Le fichier compte plus de 2000 lignes.",
    );
  });
});
