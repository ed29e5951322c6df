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

  it("reads the masters' settings: keys as a list, an S3 bucket only with its key pair", () => {
    const parsed = parsePortalEnv({ TREMPLIN_MASTER_KEYS: "/etc/a.pub, /etc/b.pub" });
    expect(parsed.ok && parsed.env.TREMPLIN_MASTER_KEYS).toEqual(["/etc/a.pub", "/etc/b.pub"]);
    const alone = parsePortalEnv({ TREMPLIN_MASTERS_S3_URL: "https://s3.region.fr/masters" });
    expect(!alone.ok && alone.message).toContain(
      "TREMPLIN_MASTERS_S3_ACCESS_KEY_ID: obligatoire avec TREMPLIN_MASTERS_S3_URL",
    );
    expect(!alone.ok && alone.message).toContain("TREMPLIN_MASTERS_S3_SECRET_ACCESS_KEY");
    const paired = parsePortalEnv({
      TREMPLIN_MASTERS_S3_URL: "https://s3.region.fr/masters",
      TREMPLIN_MASTERS_S3_ACCESS_KEY_ID: "id",
      TREMPLIN_MASTERS_S3_SECRET_ACCESS_KEY: "secret",
    });
    expect(paired.ok && paired.env.TREMPLIN_MASTERS_S3_REGION).toBe("us-east-1");
    expect(parsePortalEnv({ TREMPLIN_MASTERS_S3_URL: "ftp://x" })).toMatchObject({ ok: false });
  });
});
