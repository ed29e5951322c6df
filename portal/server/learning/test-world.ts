// Test data for the learner's use cases: each test file builds its own world.
import { randomUUID } from "node:crypto";
import type { Db } from "@tremplin/db/client";
import {
  enrolments,
  modules,
  organisations,
  rooms,
  sessions,
  sites,
  trainings,
  users,
} from "@tremplin/db/schema";
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
  const tag = randomUUID().slice(0, 8);
  const outbox = await makeTmpDir("tremplin-mail-");
  const [org] = await db
    .insert(organisations)
    .values({ name: `Région ${tag}`, kind: "region" })
    .returning();
  const [site] = await db
    .insert(sites)
    .values({ organisationId: org!.id, name: `Maison de région de Tarbes ${tag}`, city: "Tarbes" })
    .returning();
  const [room] = await db
    .insert(rooms)
    .values({ siteId: site!.id, name: "Salle Adour", capacity: 12 })
    .returning();
  const person = (name: string, roles: string[] = ["learner"]) => ({
    source: "local" as const,
    username: `${name.toLowerCase().replace(/[^a-z]/g, "")}.${tag}`,
    email: `${name.toLowerCase().replace(/[^a-z]/g, "")}.${tag}@exemple.fr`,
    displayName: name,
    roles,
  });
  const names = ["Léa André", "Omar Benali", "Chloé Cazals", "Élodie Durand", "Zoé Martin", "Hugo Petit"];
  const people = await db
    .insert(users)
    .values([
      ...names.map((n) => person(n)),
      person("Sophie Garcia", ["it_admin"]),
      person("Nadia Formatrice", ["trainer"]),
    ])
    .returning();
  const learners = people.slice(0, names.length);
  const training = async (code: string, over: Partial<typeof trainings.$inferInsert> = {}) => {
    const [t] = await db
      .insert(trainings)
      .values({
        organisationId: org!.id,
        code: `${code}-${tag}`,
        title: `Formation ${code}`,
        domain: "Comptabilité",
        summary: "…",
        durationHours: 7,
        modality: "blended",
        rules: { passingScorePercent: 80, maxAttempts: 3 },
        ...over,
      })
      .returning();
    return t!;
  };
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
    org: org!,
    site: site!,
    room: room!,
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
    async addSession(
      over: Partial<typeof sessions.$inferInsert> & { startsAt: Date; endsAt: Date; trainingId?: string },
    ) {
      const [row] = await db
        .insert(sessions)
        .values({
          trainingId: basics.id,
          roomId: room!.id,
          trainerId: people[names.length + 1]!.id,
          capacity: 3,
          ...over,
        })
        .returning();
      return row!;
    },
    async enrol(
      sessionId: string | null,
      learnerId: string,
      status: "enrolled" | "waitlisted" = "enrolled",
      trainingId = basics.id,
    ) {
      const [row] = await db
        .insert(enrolments)
        .values({
          learnerId,
          sessionId,
          trainingId,
          status,
          waitlistedAt: status === "waitlisted" ? new Date() : null,
        })
        .returning();
      return row!;
    },
  };
}
export type LearningWorld = Awaited<ReturnType<typeof buildLearningWorld>>;
export const asLearner = (u: { id: string; displayName: string }) => ({ id: u.id, name: u.displayName });
