"use server";
import { cookies } from "next/headers";
import { LOCALE_COOKIE } from "@/i18n/request";

/** The language switch: a year-long cookie, French unless the person chose English. */
export async function switchLocale(formData: FormData) {
  const locale = formData.get("locale") === "en" ? "en" : "fr";
  (await cookies()).set(LOCALE_COOKIE, locale, { path: "/", maxAge: 365 * 24 * 3600, sameSite: "lax" });
}
