import type { Role } from "@tremplin/domain/auth";

/**
 * The demo's people. `npm start` creates the same accounts in the demo Active Directory (or,
 * without Samba, as local accounts) and prints their credentials, so everything here is public:
 * never reuse these passwords anywhere real.
 */
export type DemoPerson = {
  username: string;
  givenName: string;
  surname: string;
  displayName: string;
  email: string;
  roles: Role[];
  /** Meets AD's default policy (complexity on, length ≥ 7). */
  password: string;
};

export const demoPassword = "Tremplin-2026";

const trainers: [string, string][] = [
  ["Isabelle", "Fabre"],
  ["Olivier", "Marty"],
  ["Nadia", "Benali"],
  ["Thierry", "Castel"],
];
const itAdmins: [string, string][] = [
  ["Sophie", "Garcia"],
  ["Karim", "Haddad"],
];
const auditors: [string, string][] = [["Martine", "Roussel"]];

const givenNames = [
  "Camille",
  "Lucas",
  "Léa",
  "Hugo",
  "Manon",
  "Nathan",
  "Chloé",
  "Enzo",
  "Inès",
  "Mathis",
  "Sarah",
  "Louis",
  "Emma",
  "Jules",
  "Zoé",
  "Théo",
  "Jade",
  "Yanis",
  "Lina",
  "Gabriel",
  "Anaïs",
  "Rayan",
  "Océane",
  "Maxime",
  "Élodie",
  "Antoine",
  "Aurélie",
  "Julien",
  "Mélanie",
  "Kevin",
];
const surnames = [
  "Martin",
  "Bernard",
  "Dubois",
  "Durand",
  "Lefebvre",
  "Moreau",
  "Laurent",
  "Simon",
  "Michel",
  "Garnier",
  "Roux",
  "Fournier",
  "Girard",
  "Bonnet",
  "Dupont",
  "Lambert",
  "Fontaine",
  "Rousseau",
  "Vincent",
  "Muller",
  "Blanc",
  "Guérin",
  "Boyer",
  "Chevalier",
  "Robin",
  "Gauthier",
  "Perrin",
  "Morel",
  "Mercier",
  "Sanchez",
  "Vidal",
  "Roques",
  "Puig",
  "Cazals",
  "Bousquet",
];

/** `Élodie Guérin` → `e.guerin`: ASCII, lower case, as AD sAMAccountNames usually are. */
function loginOf(given: string, surname: string): string {
  const ascii = (s: string) =>
    s
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z]/g, "");
  return `${ascii(given).charAt(0)}.${ascii(surname)}`;
}

function person(given: string, surname: string, roles: Role[], taken: Set<string>): DemoPerson {
  const base = loginOf(given, surname);
  let username = base;
  for (let n = 2; taken.has(username); n++) username = `${base}${n}`;
  taken.add(username);
  return {
    username,
    givenName: given,
    surname,
    displayName: `${given} ${surname}`,
    email: `${username}@demo.tremplin.example`,
    roles,
    password: demoPassword,
  };
}

function buildPeople(): DemoPerson[] {
  const taken = new Set<string>();
  const staff = [
    ...trainers.map(([g, s]) => person(g, s, ["trainer"], taken)),
    ...itAdmins.map(([g, s]) => person(g, s, ["it_admin"], taken)),
    ...auditors.map(([g, s]) => person(g, s, ["auditor"], taken)),
  ];
  // 60 distinct pairs: 30 given names and a stride of 11 over 35 surnames repeat only after 210.
  const trainees = Array.from({ length: 60 }, (_, i) =>
    person(givenNames[i % givenNames.length]!, surnames[(i * 11) % surnames.length]!, ["learner"], taken),
  );
  return [...staff, ...trainees];
}

/** Everyone, staff first. The first trainee (`c.martin`) is the one to try the demo kiosk with. */
export const demoPeople: readonly DemoPerson[] = buildPeople();

export const demoTrainers = demoPeople.filter((p) => p.roles.includes("trainer"));
export const demoTrainees = demoPeople.filter((p) => p.roles.includes("learner"));

/** One account per role, for the start banner. */
export const demoAccounts = {
  trainee: demoTrainees[0]!,
  trainer: demoTrainers[0]!,
  itAdmin: demoPeople.find((p) => p.roles.includes("it_admin"))!,
  auditor: demoPeople.find((p) => p.roles.includes("auditor"))!,
};
