import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FormFeedback } from "./form-feedback";

describe("FormFeedback", () => {
  it("announces a success politely, a refusal at once, and nothing without a message", () => {
    expect(renderToStaticMarkup(h(FormFeedback, { ok: true, message: "Enregistré." }))).toMatch(
      /^<p role="status"[^>]*>Enregistré\.<\/p>$/,
    );
    expect(renderToStaticMarkup(h(FormFeedback, { ok: false, message: "Refusé." }))).toMatch(
      /^<p role="alert"/,
    );
    expect(renderToStaticMarkup(h(FormFeedback, { ok: false, message: "" }))).toBe("");
  });
});
