import { describe, expect, it } from "vitest";
import fr from "../messages/fr.json";
import { pickMessages } from "./pick-messages";

describe("pickMessages", () => {
  it("keeps only the namespaces asked for, nested as in the catalogue", () => {
    const picked = pickMessages(fr, ["training.enrol", "signin"]);
    expect(Object.keys(picked).sort()).toEqual(["signin", "training"]);
    expect(Object.keys(picked.training as object)).toEqual(["enrol"]);
    expect(picked.signin).toEqual(fr.signin);
    expect(JSON.stringify(picked).length).toBeLessThan(JSON.stringify(fr).length / 5);
  });

  it("merges two namespaces under the same parent", () => {
    const picked = pickMessages(fr, ["planning.form", "planning.cancel"]);
    expect(Object.keys(picked.planning as object).sort()).toEqual(["cancel", "form"]);
  });

  it("names a namespace that does not exist instead of shipping nothing", () => {
    expect(() => pickMessages(fr, ["training.nope"])).toThrow("training.nope");
  });
});
