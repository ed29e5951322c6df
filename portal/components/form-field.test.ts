import { createElement as h } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { FormField, SelectField, TextAreaField } from "./form-field";

describe("FormField and SelectField", () => {
  it("ties the label, the hint and the error to the control by ids", () => {
    const html = renderToStaticMarkup(
      h(FormField, { name: "username", label: "Identifiant", hint: "prenom.nom", error: "requis" }),
    );
    expect(html).toContain('<label for="username"');
    const input = html.match(/<input [^>]*>/)?.[0] ?? "";
    for (const attribute of ['name="username"', 'id="username"', 'aria-invalid="true"']) {
      expect(input).toContain(attribute);
    }
    expect(input).toContain('aria-describedby="username-hint username-error"');
    expect(html).toContain('<p id="username-hint"');
    expect(html).toContain('<p id="username-error"');
  });

  it("says nothing of a hint or an error it does not have, and adds the caller's class to its own", () => {
    const html = renderToStaticMarkup(
      h(
        SelectField,
        { name: "site", id: "f-site", label: "Site", className: "max-w-40" },
        h("option", null, "Tarbes"),
      ),
    );
    expect(html).not.toContain("aria-describedby");
    expect(html).not.toContain("aria-invalid");
    const select = html.match(/<select [^>]*>/)?.[0] ?? "";
    expect(select).toContain('id="f-site"');
    expect(select).toMatch(/class="mt-1 block w-full [^"]* max-w-40"/);
    expect(html).toContain("<option>Tarbes</option></select>");
  });

  it("ties a text area to its error the same way", () => {
    const html = renderToStaticMarkup(
      h(TextAreaField, { name: "reason", label: "Motif", error: "trop court" }),
    );
    expect(html).toMatch(/<textarea [^>]*aria-describedby="reason-error"/);
    expect(html).toContain('<p id="reason-error"');
  });
});
