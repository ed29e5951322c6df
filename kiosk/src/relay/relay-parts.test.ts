import { describe, expect, it } from "vitest";
import { parseRelayConfig } from "./relay-config";
import { SingleFlight } from "./single-flight";
import { TokenBucket } from "./token-bucket";

describe("relay config", () => {
  const base = {
    upstream: { url: "https://portail.region.fr", tokenFile: "token" },
    storeDir: "store",
    capMbps: 50,
    trustedKeyFiles: ["dsi.pub"],
  };

  it("fills the defaults (night 20:00–06:00, Paris) and resolves paths from the file's folder", () => {
    const config = parseRelayConfig(base, "/etc/tremplin");
    expect(config).toMatchObject({
      nightWindow: { start: "20:00", end: "06:00" },
      timezone: "Europe/Paris",
      listen: { host: "0.0.0.0", port: 8090 },
      storeDir: "/etc/tremplin/store",
      trustedKeyFiles: ["/etc/tremplin/dsi.pub"],
      upstream: { tokenFile: "/etc/tremplin/token" },
    });
  });

  it("names every bad key at once: a plain-http portal, a misspelt key, a bad hour, no trusted key", () => {
    const bad = {
      ...base,
      upstream: { url: "http://portail.region.fr", tokenFile: "t" },
      nightWindow: { start: "25:00", end: "06:00" },
      trustedKeyFiles: [],
      capMbit: 3,
    };
    expect(() => parseRelayConfig(bad, "/")).toThrow(
      expect.objectContaining({
        code: "config_invalid",
        message: expect.stringMatching(
          /upstream\.url.*https[\s\S]*nightWindow\.start[\s\S]*trustedKeyFiles[\s\S]*capMbit/,
        ),
      }),
    );
  });
});

describe("single flight", () => {
  it("runs one call per key while it is in flight, and a new one after", async () => {
    const flights = new SingleFlight<number>();
    let calls = 0;
    const work = () => new Promise<number>((resolve) => setTimeout(() => resolve(++calls), 10));
    const results = await Promise.all([
      flights.run("a", work),
      flights.run("a", work),
      flights.run("b", work),
    ]);
    expect(results.sort()).toEqual([1, 1, 2]);
    expect(await flights.run("a", work)).toBe(3);
    expect(flights.size).toBe(0);
  });
});

describe("token bucket", () => {
  it("lets a second's worth through at once, then makes the next bytes wait their time", async () => {
    const bucket = new TokenBucket(1000, () => 0);
    const started = Date.now();
    await bucket.take(1000);
    expect(Date.now() - started).toBeLessThan(50);
    // The (frozen) clock refills nothing: 100 bytes over an empty bucket wait 100 ms at 1000 B/s.
    await bucket.take(100);
    expect(Date.now() - started).toBeGreaterThanOrEqual(95);
  });
});
