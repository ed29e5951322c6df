import { describe, expect, it } from "vitest";
import { aPlace, deName, dePrefix, laSalle } from "./elision";

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
