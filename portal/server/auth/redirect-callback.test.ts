import { describe, expect, it } from "vitest";
import { authOptions } from "./options";

const baseUrl = "https://formation.region.example";
const redirect = (url: string) => authOptions.callbacks!.redirect!({ url, baseUrl });

describe("next-auth's redirect callback", () => {
  it("keeps a path or a URL of the portal", async () => {
    expect(await redirect("/compte")).toBe(`${baseUrl}/compte`);
    expect(await redirect(`${baseUrl}/dsi/salles?x=1`)).toBe(`${baseUrl}/dsi/salles?x=1`);
  });

  it.each(["https://evil.example/", "/\\evil.example", "//evil.example", `${baseUrl}.evil.example/`])(
    "sends %j home instead",
    async (url) => {
      expect(await redirect(url)).toBe(`${baseUrl}/`);
    },
  );
});
