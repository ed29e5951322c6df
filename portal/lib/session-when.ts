/**
 * When a session takes place, in the site's time zone: "lundi 7 décembre 2026, 09:00–17:30", or
 * both ends in full when it runs over several days. Used by server and client components alike.
 *
 * The formats are kept for the life of the process: building an Intl.DateTimeFormat costs some
 * 70 µs and next-intl's own cache lasts one request, which adds up on pages listing sessions
 * (and Intl's formatRange, at 20 µs a call, is avoided for the same reason).
 */
export function sessionWhen(locale: string, startsAt: Date, endsAt: Date, timeZone: string): string {
  const day = (d: Date) => dateFormat(locale, timeZone, "day").format(d);
  const time = (d: Date) => dateFormat(locale, timeZone, "time").format(d);
  if (
    dateFormat(locale, timeZone, "key").format(startsAt) ===
    dateFormat(locale, timeZone, "key").format(endsAt)
  )
    return `${day(startsAt)}, ${time(startsAt)}–${time(endsAt)}`;
  const full = dateFormat(locale, timeZone, "full");
  return `${full.format(startsAt)} – ${full.format(endsAt)}`;
}

/**
 * The same in French words, for sentences in e-mails: "le lundi 7 décembre 2026, de 09:00 à
 * 17:30", or "du lundi 7 décembre 2026 à 09:00 au mardi 8 décembre 2026 à 17:30".
 */
export function sessionWhenInWords(startsAt: Date, endsAt: Date, timeZone: string): string {
  const day = (d: Date) => dateFormat("fr-FR", timeZone, "day").format(d);
  const time = (d: Date) => dateFormat("fr-FR", timeZone, "time").format(d);
  const key = dateFormat("fr-FR", timeZone, "key");
  if (key.format(startsAt) === key.format(endsAt))
    return `le ${day(startsAt)}, de ${time(startsAt)} à ${time(endsAt)}`;
  return `du ${day(startsAt)} à ${time(startsAt)} au ${day(endsAt)} à ${time(endsAt)}`;
}

const styles = {
  day: { dateStyle: "full" },
  time: { timeStyle: "short" },
  full: { dateStyle: "full", timeStyle: "short" },
  /** The calendar day only, to tell whether both ends fall on the same one. */
  key: { year: "numeric", month: "numeric", day: "numeric" },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

const formats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(locale: string, timeZone: string, style: keyof typeof styles): Intl.DateTimeFormat {
  const key = `${locale}|${timeZone}|${style}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { ...styles[style], timeZone });
    formats.set(key, format);
  }
  return format;
}
