import { describe, expect, it } from "vitest";
import { aPlace, count, deName, dePrefix, laSalle } from "./elision";

describe("deName", () => {
  it("elides before a vowel or a mute h, accents included", () => {
    expect(deName("Isabelle Fabre")).toBe("d'Isabelle Fabre");
    expect(deName("Élodie Roux")).toBe("d'Élodie Roux");
    expect(deName("Hugo Petit")).toBe("d'Hugo Petit");
    expect(deName("Yves Morel")).toBe("d'Yves Morel");
    expect(deName("Omar Benali")).toBe("d'Omar Benali");
  });
  it("keeps 'de' before a consonant, and before y + vowel", () => {
    expect(deName("Léa Martin")).toBe("de Léa Martin");
    expect(deName("Yannick Le Gall")).toBe("de Yannick Le Gall");
    expect(dePrefix("Jeanne Dupont")).toBe("de ");
  });
});

describe("aPlace", () => {
  it("says 'à la Maison de région…' and 'à Albi'", () => {
    expect(aPlace("Maison de région d'Albi")).toBe("à la Maison de région d'Albi");
    expect(aPlace("Albi")).toBe("à Albi");
  });
});

describe("laSalle", () => {
  it("never writes 'la salle Salle'", () => {
    expect(laSalle("Salle Toulouse-Lautrec")).toBe("la salle Toulouse-Lautrec");
    expect(laSalle("Jean Moulin")).toBe("la salle Jean Moulin");
  });
});

describe("count", () => {
  it("agrees the noun with the number, 0 and 1 in the singular", () => {
    expect(count(0, "poste")).toBe("0 poste");
    expect(count(1, "demi-journée")).toBe("1 demi-journée");
    expect(count(2, "poste prêt", "postes prêts")).toBe("2 postes prêts");
    expect(count(3, "mot de passe initial", "mots de passe initiaux")).toBe("3 mots de passe initiaux");
  });
});
