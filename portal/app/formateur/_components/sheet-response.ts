import type { SheetExport } from "@/server/attendance/export-attendance-sheet";

/** A download: the file name in ASCII and RFC 5987 forms, and never cached by a shared proxy. */
export function sheetResponse(sheet: SheetExport): Response {
  const body = typeof sheet.body === "string" ? sheet.body : Buffer.from(sheet.body);
  return new Response(body, {
    status: 200,
    headers: {
      "content-type": sheet.contentType,
      "content-disposition": `attachment; filename="${sheet.filename}"; filename*=UTF-8''${encodeURIComponent(sheet.filename)}`,
      "cache-control": "private, no-store",
    },
  });
}
