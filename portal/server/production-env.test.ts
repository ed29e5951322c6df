import { describe, expect, it } from "vitest";
import { parsePortalEnv } from "@/env";

const secret = "a-session-secret-of-thirty-two-characters";

describe("start-up settings in production", () => {
  it("refuses to start without the portal's own NEXTAUTH_SECRET", () => {
    const parsed = parsePortalEnv({ NODE_ENV: "production" });
    expect(parsed).toMatchObject({ ok: false });
    expect(!parsed.ok && parsed.message).toContain("NEXTAUTH_SECRET: obligatoire en production");
  });

  it("starts with one, and lets `next build` (which serves nothing) go without", () => {
    expect(parsePortalEnv({ NODE_ENV: "production", NEXTAUTH_SECRET: secret })).toMatchObject({ ok: true });
    expect(parsePortalEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" })).toMatchObject({
      ok: true,
    });
  });

  it("keeps the development default when not in production", () => {
    expect(parsePortalEnv({})).toMatchObject({ ok: true });
    expect(parsePortalEnv({ NODE_ENV: "test" })).toMatchObject({ ok: true });
  });

  it("refuses a metrics token too short to resist guessing", () => {
    const parsed = parsePortalEnv({ TREMPLIN_METRICS_TOKEN: "court" });
    expect(!parsed.ok && parsed.message).toContain("TREMPLIN_METRICS_TOKEN");
  });
});
