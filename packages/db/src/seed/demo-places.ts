/**
 * The demo region: three *Maisons de région* in Occitanie, each with training rooms of 4 to 20
 * posts. Kiosk labels read `<site>-<room>-P<nn>` (`ALB-S1-P03`), as painted on the posts.
 */
export type DemoRoom = { code: string; name: string; posts: number };
export type DemoSite = { code: string; name: string; city: string; wanCapMbps: number; rooms: DemoRoom[] };

/** The training body as its certificates name it (the NDA and SIRET are of the demo, not real). */
export const demoOrganisation = {
  name: "Région Occitanie",
  kind: "region" as const,
  legalName: "Région Occitanie / Pyrénées-Méditerranée — Service formation",
  activityNumber: "76 31 09999 31",
  siret: "200 053 791 00014",
  address: "22 boulevard du Maréchal Juin, 31406 Toulouse Cedex 9",
  signatoryName: "Hélène Durand",
  signatoryRole: "Responsable du service formation",
};
export const demoTimezone = "Europe/Paris";

export const demoSites: readonly DemoSite[] = [
  {
    code: "ALB",
    name: "Maison de région d'Albi",
    city: "Albi",
    wanCapMbps: 50,
    rooms: [
      { code: "ALB-S1", name: "Salle Toulouse-Lautrec", posts: 12 },
      { code: "ALB-S2", name: "Salle Jean Jaurès", posts: 8 },
    ],
  },
  {
    code: "TAR",
    name: "Maison de région de Tarbes",
    city: "Tarbes",
    wanCapMbps: 30,
    rooms: [
      { code: "TAR-S1", name: "Salle Pic du Midi", posts: 16 },
      { code: "TAR-S2", name: "Salle de l'Adour", posts: 6 },
    ],
  },
  {
    code: "PER",
    name: "Maison de région de Perpignan",
    city: "Perpignan",
    wanCapMbps: 40,
    rooms: [
      { code: "PER-S1", name: "Salle du Castillet", posts: 20 },
      { code: "PER-S2", name: "Salle Canigou", posts: 10 },
      { code: "PER-S3", name: "Salle Arago", posts: 4 },
    ],
  },
];

/** The room the demo kiosk sits in: it has sessions every day, the demo trainee in each. */
export const demoRoomCode = "ALB-S1";
export const demoKioskLabel = "ALB-S1-P01";

export function kioskLabel(roomCode: string, post: number): string {
  return `${roomCode}-P${String(post).padStart(2, "0")}`;
}

export const demoRooms = demoSites.flatMap((site) => site.rooms.map((room) => ({ ...room, site })));
