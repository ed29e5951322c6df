import "server-only";
import { surveyAnswerDays } from "@tremplin/domain/satisfaction";
import { sessionWhenInWords } from "@/lib/session-when";
import type { MailMessage } from "@/server/mail/mailer";
import { mailSender } from "@/server/mail/mailer";

/** The invitation to the évaluation à chaud, with the link to the learner's own survey. */
export function surveyInvitationMail(
  to: { displayName: string; email: string | null },
  session: { trainingTitle: string; startsAt: Date; endsAt: Date; timezone: string },
  enrolmentId: string,
  baseUrl: string,
): MailMessage | undefined {
  if (!to.email) return undefined;
  const when = sessionWhenInWords(session.startsAt, session.endsAt, session.timezone);
  const text = [
    `Bonjour ${to.displayName},`,
    "",
    `Vous avez suivi « ${session.trainingTitle} » ${when}.`,
    "Votre avis nous aide à améliorer nos formations : il suffit de deux minutes pour répondre au questionnaire de satisfaction.",
    "",
    `Répondre : ${baseUrl}/mes-formations/satisfaction/${enrolmentId}`,
    "",
    `Vous pouvez modifier vos réponses pendant ${surveyAnswerDays} jours après la fin de la session.`,
    "",
    "— Tremplin",
  ].join("\n");
  return {
    from: mailSender(),
    to: { name: to.displayName, address: to.email },
    subject: `Votre avis sur « ${session.trainingTitle} »`,
    text,
  };
}
