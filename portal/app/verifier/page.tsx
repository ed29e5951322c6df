import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getTranslations } from "next-intl/server";
import { Button } from "@/components/button";
import { PageHeader } from "@/components/page-header";
import { PdfCheck } from "./_components/pdf-check";
import { pdfCheckLabels } from "./_components/pdf-check-labels";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Vérifier un certificat" };

async function goToCode(form: FormData) {
  "use server";
  const code = String(form.get("code") ?? "")
    .trim()
    .toUpperCase()
    .slice(0, 40);
  redirect(`/verifier/${encodeURIComponent(code || "-")}`);
}

/** For anyone holding a certificate: type its code, or drop the PDF to check it whole. */
export default async function VerifyPage() {
  const t = await getTranslations("verify");
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title={t("title")} intro={t("intro")} />
      <form
        action={goToCode}
        className="flex flex-wrap items-end gap-3 rounded-xl border border-slate-200 bg-white p-5"
      >
        <label className="flex flex-col gap-1">
          <span className="font-medium">{t("codeLabel")}</span>
          <input
            name="code"
            required
            autoComplete="off"
            placeholder="TRM-XXXX-XXXX-XX"
            className="rounded-lg border border-slate-400 px-3 py-2 font-mono uppercase"
          />
        </label>
        <Button>{t("check")}</Button>
      </form>
      <PdfCheck labels={pdfCheckLabels(t)} />
      <p className="text-sm text-slate-700">
        {t("offline")}{" "}
        <a className="underline" href="/api/v1/trust-bundle">
          {t("trustBundle")}
        </a>
      </p>
    </div>
  );
}
