import { describe, expect, it } from "vitest";
import { z } from "zod";
import { json, numeric, readOnlyRow, readRow, readRows, timestamp } from "./rows";

const at = "2026-12-06T10:30:00.000Z";

describe("readRows", () => {
  it("gives the same values whether the driver sent dates, json and counts as values or as text", () => {
    const schema = z.object({
      at: timestamp,
      ended: timestamp.nullable(),
      items: json(z.array(z.object({ id: z.string(), at: timestamp }))),
      n: numeric,
    });
    const asValues = { at: new Date(at), ended: null, items: [{ id: "a", at }], n: 3 };
    const asText = {
      at: "2026-12-06 10:30:00+00",
      ended: null,
      items: JSON.stringify([{ id: "a", at }]),
      n: "3",
    };
    const expected = { at: new Date(at), ended: null, items: [{ id: "a", at: new Date(at) }], n: 3 };
    expect(readRows({ rows: [asValues, asText] }, schema)).toEqual([expected, expected]);
    expect(readRow({ rows: [{ at, ended: at, items: "[]", n: 12n }] }, schema)).toEqual({
      at: new Date(at),
      ended: new Date(at),
      items: [],
      n: 12,
    });
  });

  it("refuses a row that is not what the query says, naming the column", () => {
    const schema = z.object({ id: z.string(), at: timestamp, n: numeric });
    expect(() =>
      readRows(
        {
          rows: [
            { id: "a", at, n: 1 },
            { id: "b", at: "hier", n: 1 },
          ],
        },
        schema,
      ),
    ).toThrow(/row 1 .*at/);
    expect(() => readRows({ rows: [{ id: "a", at, n: "beaucoup" }] }, schema)).toThrow(/row 0 .*n/);
    expect(() => readRows({ rows: [{ at, n: 1 }] }, schema)).toThrow(/row 0 .*id/);
  });

  it("tells no row from an empty result, and insists on one where the statement always returns one", () => {
    const schema = z.object({ n: z.number() });
    expect(readRows({ rows: [] }, schema)).toEqual([]);
    expect(readRow({ rows: [] }, schema)).toBeUndefined();
    expect(() => readOnlyRow({ rows: [] }, schema)).toThrow(/no row/);
    expect(readOnlyRow([{ n: 1 }], schema)).toEqual({ n: 1 });
  });
});
