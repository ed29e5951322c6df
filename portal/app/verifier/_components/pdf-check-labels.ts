import type { PdfCheckLabels } from "./pdf-check";

/** The upload's words, read on the server and handed to the client component. */
export function pdfCheckLabels(t: (key: string) => string): PdfCheckLabels {
  const keys = ["title", "help", "busy", "unreachable", "authentic", "failed"] as const;
  return Object.fromEntries(keys.map((k) => [k, t(`pdf.${k}`)])) as PdfCheckLabels;
}
