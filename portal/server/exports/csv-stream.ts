import "server-only";
import type { Keyset } from "@tremplin/db/queries/exports";
import { defaultTimeZone } from "@tremplin/domain/calendar";
import { csvField } from "@/server/attendance/sheet-csv";

/** Rows read `limit` at a time, each batch after the last row of the previous one. */
export async function* keysetRows<Row extends Keyset>(
  fetch: (after: Keyset | undefined, limit: number) => Promise<Row[]>,
  limit = 2000,
): AsyncGenerator<Row> {
  let after: Keyset | undefined;
  for (;;) {
    const batch = await fetch(after, limit);
    yield* batch;
    if (batch.length < limit) return;
    const last = batch[batch.length - 1]!;
    after = { at: last.at, id: last.id };
  }
}

// One formatter for the process: building an Intl.DateTimeFormat costs ~70 µs, a row ~1 µs.
const parisDateTime = new Intl.DateTimeFormat("fr-FR", {
  timeZone: defaultTimeZone,
  dateStyle: "short",
  timeStyle: "short",
});
const parisDate = new Intl.DateTimeFormat("fr-FR", { timeZone: defaultTimeZone, dateStyle: "short" });

/** "06/12/2026 14:05" in Paris time, as Excel reads a date and time in French. */
export const exportDateTime = (instant: Date) => parisDateTime.format(instant);
/** "06/12/2026" in Paris time. */
export const exportDate = (instant: Date) => parisDate.format(instant);

export const csvLine = (fields: readonly string[]) => `${fields.map(csvField).join(";")}\r\n`;

/**
 * A CSV file for French Excel (as the attendance sheet: UTF-8 with a byte-order mark, `;`,
 * CRLF), produced while it is sent: each chunk is pulled from `chunks` only when the client has
 * taken the previous one, so a slow download holds one batch in memory, not the period.
 */
export function csvStream(
  header: readonly string[],
  chunks: AsyncIterable<string>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = chunks[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!started) {
        started = true;
        controller.enqueue(encoder.encode(`\uFEFF${csvLine(header)}`));
        return;
      }
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      // The client went away: stop reading batches.
      await iterator.return?.();
    },
  });
}

/** Lines grouped into chunks of about `size` characters: fewer, larger writes to the socket. */
export async function* joinLines(lines: AsyncIterable<string>, size = 64 * 1024): AsyncGenerator<string> {
  let buffer = "";
  for await (const line of lines) {
    buffer += line;
    if (buffer.length >= size) {
      yield buffer;
      buffer = "";
    }
  }
  if (buffer !== "") yield buffer;
}

/** `rows` as a CSV file, one line each from `fields`, sent in chunks as they are read. */
export function rowsCsv<Row>(
  header: readonly string[],
  rows: AsyncIterable<Row>,
  fields: (row: Row) => readonly string[],
): ReadableStream<Uint8Array> {
  async function* lines() {
    for await (const row of rows) yield csvLine(fields(row));
  }
  return csvStream(header, joinLines(lines()));
}

export type CsvExport = { filename: string; stream: ReadableStream<Uint8Array> };
