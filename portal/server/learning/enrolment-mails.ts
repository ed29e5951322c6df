import "server-only";
import type { ClaimedMailJob } from "@tremplin/db/queries/mail-jobs";
import { sessionWhenInWords } from "@/lib/session-when";
import { type Address, type MailMessage, mailSender } from "@/server/mail/mailer";
import { surveyInvitationMail } from "@/server/satisfaction/survey-mail";

export type MailSession = {
  trainingTitle: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  timezone: string;
};
export type Recipient = { displayName: string; email: string | null };

const when = (s: MailSession) => sessionWhenInWords(s.startsAt, s.endsAt, s.timezone);

function compose(to: Recipient, subject: string, lines: string[], baseUrl: string): MailMessage | undefined {
  // Directory accounts may have no e-mail: the portal then is the only place to learn the news.
  if (!to.email) return undefined;
  const recipient: Address = { name: to.displayName, address: to.email };
  const text = [
    `Bonjour ${to.displayName},`,
    "",
    ...lines,
    "",
    `Vos formations : ${baseUrl}/mes-formations`,
    "",
    "— Tremplin",
  ].join("\n");
  return { from: mailSender(), to: recipient, subject, text };
}

const place = (s: MailSession) =>
  s.place ? `Lieu : ${s.place}.` : "Session à distance : le lien vous sera donné dans « Mes formations ».";

export function enrolledMail(to: Recipient, s: MailSession, baseUrl: string) {
  return compose(
    to,
    `Inscription confirmée : ${s.trainingTitle}`,
    [
      `Votre inscription à « ${s.trainingTitle} » est confirmée, ${when(s)}.`,
      place(s),
      "",
      "Si vous ne pouvez plus venir, annulez depuis « Mes formations » : votre place ira à la personne suivante sur la liste d'attente.",
    ],
    baseUrl,
  );
}

export function waitlistedMail(to: Recipient, s: MailSession, position: number, baseUrl: string) {
  return compose(
    to,
    `Liste d'attente : ${s.trainingTitle}`,
    [
      `La session de « ${s.trainingTitle} » ${when(s)} est complète.`,
      `Vous êtes inscrit(e) sur la liste d'attente, en position ${position}.`,
      "Si une place se libère, elle vous est attribuée automatiquement et vous recevez un e-mail de confirmation.",
    ],
    baseUrl,
  );
}

export function promotedMail(to: Recipient, s: MailSession, baseUrl: string) {
  return compose(
    to,
    `Une place s'est libérée : ${s.trainingTitle}`,
    [
      `Une place s'est libérée dans la session de « ${s.trainingTitle} » ${when(s)} : vous y êtes maintenant inscrit(e).`,
      place(s),
      "",
      "Si vous ne pouvez plus venir, annulez depuis « Mes formations ».",
    ],
    baseUrl,
  );
}

export function cancelledMail(to: Recipient, s: MailSession, baseUrl: string) {
  return compose(
    to,
    `Inscription annulée : ${s.trainingTitle}`,
    [`Votre inscription à « ${s.trainingTitle} » ${when(s)} est annulée.`],
    baseUrl,
  );
}

/** IT moved the session (dates or room): what it is now. */
export function sessionChangedMail(to: Recipient, s: MailSession, baseUrl: string) {
  return compose(
    to,
    `Session modifiée : ${s.trainingTitle}`,
    [
      `La session de « ${s.trainingTitle} » a changé : elle a lieu désormais ${when(s)}.`,
      place(s),
      "",
      "Si vous ne pouvez plus venir, annulez depuis « Mes formations » : votre place ira à la personne suivante.",
    ],
    baseUrl,
  );
}

/** IT cancelled the session itself: the learner must not come, and may choose another one. */
export function sessionCancelledMail(to: Recipient, s: MailSession, trainingUrl: string, baseUrl: string) {
  return compose(
    to,
    `Session annulée : ${s.trainingTitle}`,
    [
      `La session de « ${s.trainingTitle} » prévue ${when(s)}, est annulée : ne vous déplacez pas.`,
      `Vous pouvez vous inscrire à une autre session de cette formation : ${trainingUrl}`,
    ],
    baseUrl,
  );
}

/**
 * The mail a queued job owes, from the session and the learner as they are now; undefined when
 * there is nothing to say (the session is gone) or nowhere to say it (no e-mail address).
 */
export function mailForJob(job: ClaimedMailJob, baseUrl: string): MailMessage | undefined {
  if (job.trainingTitle === null) return undefined;
  const session: MailSession = { ...job, trainingTitle: job.trainingTitle };
  const to = { displayName: job.learnerName, email: job.learnerEmail };
  switch (job.kind) {
    case "enrolled":
      return enrolledMail(to, session, baseUrl);
    case "waitlisted":
      return waitlistedMail(to, session, job.position ?? 1, baseUrl);
    case "promoted":
      return promotedMail(to, session, baseUrl);
    case "cancelled":
      return cancelledMail(to, session, baseUrl);
    case "session_changed":
      return sessionChangedMail(to, session, baseUrl);
    case "session_cancelled":
      return sessionCancelledMail(to, session, `${baseUrl}/formations/${job.trainingId}`, baseUrl);
    case "survey_invitation":
      return surveyInvitationMail(to, session, job.enrolmentId, baseUrl);
  }
}
