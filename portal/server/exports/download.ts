import "server-only";
import type { CsvExport } from "./csv-stream";

/** A streamed CSV download: the file name in ASCII and RFC 5987 forms, never cached by a proxy. */
export function csvDownload(file: CsvExport): Response {
  return new Response(file.stream, {
    status: 200,
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${file.filename}"; filename*=UTF-8''${encodeURIComponent(file.filename)}`,
      "cache-control": "private, no-store",
    },
  });
}

/** The period of a download's address: `?from=AAAA-MM-JJ&to=AAAA-MM-JJ`. */
export function periodOf(request: Request): { from: unknown; to: unknown } {
  const params = new URL(request.url).searchParams;
  return { from: params.get("from") ?? undefined, to: params.get("to") ?? undefined };
}
