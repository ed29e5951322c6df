/**
 * "de" before a name, elided as French writes it: "de Léa Martin" but "d'Isabelle Fabre",
 * "d'Élodie", "d'Hugo", "d'Yves" ("de Yannick": a y before a vowel is a consonant). Names come
 * from data, so a message cannot say "de {name}": it takes the whole phrase from here. An initial
 * h is taken as mute, as it is in the first names people carry here.
 */
export function deName(name: string): string {
  return `${dePrefix(name)}${name}`;
}

/** Just the article, for markup that sets the name apart: "de " or "d'". */
export function dePrefix(name: string): "de " | "d'" {
  return startsWithVowelSound(name) ? "d'" : "de ";
}

/** "à la Maison de région…", "à Toulouse": "à" before a place whose name starts with "Maison". */
export function aPlace(name: string): string {
  return /^(maison|salle)\b/i.test(name.trim()) ? `à la ${name}` : `à ${name}`;
}

function startsWithVowelSound(name: string): boolean {
  const plain = name.trim().normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  if (/^[aeiouœæ]/.test(plain)) return true;
  if (/^h[aeiouy]/.test(plain)) return true;
  return /^y[^aeiou]/.test(plain);
}

/**
 * "la salle Toulouse-Lautrec" for a room named "Salle Toulouse-Lautrec" or "Toulouse-Lautrec":
 * rooms are often named with the word already, and "la salle Salle …" reads as a stutter.
 */
export function laSalle(name: string): string {
  return `la salle ${name.trim().replace(/^salle\s+/i, "")}`;
}

/**
 * A count and its noun as French agrees them: "0 poste", "1 poste", "2 postes" (0 and 1 take
 * the singular). Never “poste(s)”. `plural` defaults to the singular plus "s"; the noun may carry
 * its adjective: `count(2, "poste prêt", "postes prêts")`.
 */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${n} ${Math.abs(n) < 2 ? singular : plural}`;
}
