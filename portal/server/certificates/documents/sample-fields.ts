import type { DocumentFields } from "./document-fields";

/** A realistic certificate's fields, for tests and the bench (names and numbers are made up). */
export function sampleFields(overrides: Partial<DocumentFields> = {}): DocumentFields {
  return {
    kind: "completion",
    code: "TRM-7Q2K-M4XD-9B",
    issuedAt: "2026-11-14T16:42:00.000Z",
    issuer: {
      name: "Région Occitanie — Maison de la Région d'Albi",
      activityNumber: "76310123431",
      siret: "13002769800015",
      address: "201 avenue de la Pompignane, 34064 Montpellier Cedex 2",
      signatoryName: "Hélène Garçon-Lefèvre",
      signatoryRole: "directrice de la formation professionnelle",
    },
    learner: { name: "Zoé Bénard-N'Diaye" },
    action: {
      title: "Bureautique : traitement de texte et tableur — niveau intermédiaire",
      code: "BUR-INT",
      nature: "Action de formation",
      objectives: ["Mettre en forme un document long", "Construire un tableau croisé dynamique"],
      from: "2026-11-03",
      to: "2026-11-14",
      place: "Salle Toulouse-Lautrec, Maison de la Région d'Albi",
      isRemote: false,
      plannedMinutes: 2100,
      attendedMinutes: 1950,
    },
    signedAt: { city: "Albi", date: "2026-11-14" },
    baseUrl: "https://formation.laregion.fr",
    ...overrides,
  };
}
