import { getFormatter, getTranslations } from "next-intl/server";
import type { SessionCertificate } from "@/server/certificates/list-session-certificates";
import { CertificateActions } from "./certificate-actions";

/** Who is certified in the session: each certificate, its state, and for those who may, what to do. */
export async function SessionCertificates(props: {
  sessionId: string;
  certificates: SessionCertificate[];
  canManage: boolean;
}) {
  const t = await getTranslations("trainer.certificates");
  const format = await getFormatter();
  return (
    <section aria-labelledby="certificates-title" className="space-y-3">
      <h2 id="certificates-title" className="text-2xl font-semibold">
        {t("title")}
      </h2>
      {props.certificates.length === 0 ? (
        <p className="text-slate-700">{t("none")}</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-xl border border-slate-200 bg-white">
          {props.certificates.map((c) => (
            <li key={c.code} className="space-y-2 p-4">
              <p className="flex flex-wrap gap-x-3">
                <strong>{c.learnerName}</strong>
                <span>{t(`kind.${c.kind}`)}</span>
                <span className={c.status === "issued" ? "text-green-800" : "text-red-800"}>
                  {t(`status.${c.status}`)}
                  {c.revokedReason && ` — ${c.revokedReason}`}
                </span>
                <span className="text-slate-700">
                  {format.dateTime(c.issuedAt, { dateStyle: "medium" })} ·{" "}
                  <a className="underline" href={`/api/v1/certificates/${c.code}/pdf`}>
                    {c.code}
                  </a>
                </span>
              </p>
              {props.canManage && c.status === "issued" && (
                <CertificateActions sessionId={props.sessionId} code={c.code} learnerName={c.learnerName} />
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
