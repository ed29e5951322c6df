import { defaultTimeZone } from "@tremplin/domain/calendar";
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";

export const locales = ["fr", "en"] as const;
export type Locale = (typeof locales)[number];
export const LOCALE_COOKIE = "tremplin_locale";

/**
 * French first: the cookie set by the language switch wins, then an English-only browser,
 * then French. No locale in the URL: links and QR codes on certificates stay the same.
 */
export default getRequestConfig(async () => {
  const fromCookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  const accept = (await headers()).get("accept-language") ?? "";
  const locale: Locale =
    fromCookie === "en" || fromCookie === "fr"
      ? fromCookie
      : /^en\b/i.test(accept) && !/\bfr\b/i.test(accept)
        ? "en"
        : "fr";
  const messages = (await import(`../messages/${locale}.json`)).default;
  // The site's time zone, from the one place that names it: every date the pages format follows it.
  return { locale, messages, timeZone: defaultTimeZone };
});
