import { describe, expect, it } from "vitest";
import { filterSessions, parsePlanningFilters } from "./planning-filters";

const room = "7b0e0c1e-7d1c-4a55-9f62-5b1c2a3d4e5f";
const trainer = "9c0e0c1e-7d1c-4a55-9f62-5b1c2a3d4e5f";
const sessions = [
  { id: "a", siteName: "Maison de région d'Albi", roomId: room, trainerId: trainer },
  { id: "b", siteName: "Maison de région d'Albi", roomId: null, trainerId: null },
  { id: "c", siteName: "Maison de région de Tarbes", roomId: "other", trainerId: trainer },
];

describe("planning filters", () => {
  it("keep the sessions of a site, a room or a trainer, and all of them with none", () => {
    const ids = (search: Record<string, unknown>) =>
      filterSessions(sessions, parsePlanningFilters(search)).map((s) => s.id);
    expect(ids({})).toEqual(["a", "b", "c"]);
    expect(ids({ site: "Maison de région d'Albi" })).toEqual(["a", "b"]);
    expect(ids({ salle: room })).toEqual(["a"]);
    expect(ids({ formateur: trainer })).toEqual(["a", "c"]);
    expect(ids({ site: "Maison de région d'Albi", formateur: trainer })).toEqual(["a"]);
  });
  it("drops what it cannot read instead of refusing the page", () => {
    expect(parsePlanningFilters({ salle: "pas-un-id", formateur: ["x"], site: "" })).toEqual({});
  });
});
