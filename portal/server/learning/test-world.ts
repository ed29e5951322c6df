// Test data for the learner's use cases: each test file builds its own world.
import type { Db } from "@tremplin/db/client";
import {
  enrol,
  makeOrganisation,
  makeRoom,
  makeSession,
  makeSite,
  makeTraining,
  makeUsers,
  uniqueTag,
} from "@tremplin/db/factories";
import { modules, type sessions, type trainings } from "@tremplin/db/schema";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";
import { sendQueuedMails } from "@/server/mail/mail-job-worker";
import { createOutboxMailer } from "@/server/mail/outbox-mailer";

const quiz = {
  questions: [
    { prompt: "Un achat payé par virement se débite au compte…", choices: ["512", "606", "706"], answer: 1 },
    { prompt: "La classe 7 regroupe…", choices: ["les charges", "les produits"], answer: 1 },
    { prompt: "Le débit d'une écriture est…", choices: ["supérieur au crédit", "égal au crédit"], answer: 1 },
    { prompt: "Le bilan se lit…", choices: ["à une date", "sur une période"], answer: 0 },
    { prompt: "Le compte 401 est…", choices: ["un fournisseur", "un client"], answer: 0 },
  ],
};

export async function buildLearningWorld(db: Db) {
  const tag = uniqueTag();
  const outbox = await makeTmpDir("tremplin-mail-");
  const org = await makeOrganisation(db);
  const site = await makeSite(db, {
    organisationId: org.id,
    name: `Maison de région de Tarbes ${tag}`,
    city: "Tarbes",
  });
  const room = await makeRoom(db, { siteId: site.id, name: "Salle Adour", capacity: 12 });
  const person = (name: string, roles: string[] = ["learner"]) => {
    const login = `${name.toLowerCase().replace(/[^a-z]/g, "")}.${tag}`;
    return { username: login, email: `${login}@exemple.fr`, displayName: name, roles };
  };
  const names = ["Léa André", "Omar Benali", "Chloé Cazals", "Élodie Durand", "Zoé Martin", "Hugo Petit"];
  const people = await makeUsers(db, [
    ...names.map((n) => person(n)),
    person("Sophie Garcia", ["it_admin"]),
    person("Nadia Formatrice", ["trainer"]),
  ]);
  const learners = people.slice(0, names.length);
  const training = (code: string, over: Partial<typeof trainings.$inferInsert> = {}) =>
    makeTraining(db, {
      organisationId: org.id,
      code: `${code}-${tag}`,
      title: `Formation ${code}`,
      domain: "Comptabilité",
      modality: "blended",
      rules: { passingScorePercent: 80, maxAttempts: 3 },
      ...over,
    });
  const basics = await training("COMPTA-01", { title: "Les fondamentaux de la comptabilité" });
  const moduleRows = await db
    .insert(modules)
    .values([
      {
        trainingId: basics.id,
        position: 1,
        title: "La partie double",
        kind: "page",
        durationMinutes: 30,
        content: { format: "markdown", body: "# La partie double\n\nDébit = crédit." },
      },
      {
        trainingId: basics.id,
        position: 2,
        title: "Le site de l'ANC",
        kind: "link",
        durationMinutes: 10,
        content: { url: "https://www.anc.gouv.fr/", label: "ANC" },
      },
      {
        trainingId: basics.id,
        position: 3,
        title: "Les journaux",
        kind: "page",
        durationMinutes: 30,
        content: { format: "markdown", body: "Journaux." },
      },
      {
        trainingId: basics.id,
        position: 4,
        title: "Évaluation",
        kind: "quiz",
        durationMinutes: 20,
        content: quiz,
      },
    ])
    .returning();
  const payroll = await training("COMPTA-02", {
    title: "Paie et DSN",
    prerequisiteCodes: [`COMPTA-01-${tag}`],
  });
  return {
    tag,
    db,
    org,
    site,
    room,
    learners,
    it: people[names.length]!,
    trainer: people[names.length + 1]!,
    basics,
    modules: moduleRows.sort((a, b) => a.position - b.position),
    payroll,
    outboxDir: outbox.dir,
    /** Writes the queued enrolment mails into `outboxDir`, as the portal's mail worker does. */
    sendMails: () =>
      sendQueuedMails(db, {
        mailer: createOutboxMailer(outbox.dir),
        baseUrl: "https://tremplin.test",
        now: new Date(),
        limit: 1_000,
      }),
    cleanup: outbox.cleanup,
    addSession(
      over: Partial<typeof sessions.$inferInsert> & { startsAt: Date; endsAt: Date; trainingId?: string },
    ) {
      return makeSession(db, {
        trainingId: basics.id,
        roomId: room.id,
        trainerId: people[names.length + 1]!.id,
        capacity: 3,
        ...over,
      });
    },
    async enrol(
      sessionId: string | null,
      learnerId: string,
      status: "enrolled" | "waitlisted" = "enrolled",
      trainingId = basics.id,
    ) {
      const [row] = await enrol(db, {
        learnerIds: [learnerId],
        trainingId,
        sessionId,
        status,
        waitlistedAt: status === "waitlisted" ? new Date() : null,
      });
      return row!;
    },
  };
}
export type LearningWorld = Awaited<ReturnType<typeof buildLearningWorld>>;
export const asLearner = (u: { id: string; displayName: string }) => ({ id: u.id, name: u.displayName });
