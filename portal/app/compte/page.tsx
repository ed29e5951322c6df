import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { findCurrentUser } from "@/server/auth/current-user";

export const metadata = { title: "Mon compte" };
export const dynamic = "force-dynamic";

/** Who the portal thinks you are, and where that account lives (AD or a local account). */
export default async function AccountPage() {
  const user = await findCurrentUser();
  if (!user) redirect("/connexion?callbackUrl=/compte");
  const t = await getTranslations("account");
  return (
    <div className="mx-auto max-w-xl rounded-2xl border border-slate-200 bg-white p-8">
      <h1 className="text-2xl font-bold">{t("title")}</h1>
      <dl className="mt-6 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-3">
        <dt className="font-medium text-slate-600">{t("name")}</dt>
        <dd>{user.name}</dd>
        <dt className="font-medium text-slate-600">{t("username")}</dt>
        <dd className="font-mono">{user.username}</dd>
        <dt className="font-medium text-slate-600">{t("source")}</dt>
        <dd>{t(`sources.${user.source}`)}</dd>
        <dt className="font-medium text-slate-600">{t("roles")}</dt>
        <dd>{user.roles.map((role) => t(`roleNames.${role}`)).join(", ")}</dd>
      </dl>
      <p className="mt-6 text-sm text-slate-600">{t(`help.${user.source}`)}</p>
    </div>
  );
}
