import http from "node:http";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import {
  clientAddress,
  clientAddressHeader,
  parseTrustedProxies,
  stampClientAddress,
} from "./client-address.mjs";

function trusted(value: string) {
  const parsed = parseTrustedProxies(value);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.trusted;
}

describe("clientAddress", () => {
  it("ignores X-Forwarded-For from a peer that is not a trusted proxy", () => {
    const none = trusted("");
    expect(clientAddress({ socketAddress: "203.0.113.7", forwardedFor: "10.9.9.9", trusted: none })).toBe(
      "203.0.113.7",
    );
    expect(
      clientAddress({ socketAddress: "::ffff:203.0.113.7", forwardedFor: undefined, trusted: none }),
    ).toBe("203.0.113.7");
  });

  it("reads from the right past trusted proxies only, so a forged left part is never believed", () => {
    const proxies = trusted("10.0.0.5, 10.1.0.0/16");
    // The client forged "1.2.3.4"; the proxy appended the address it really saw.
    const forwardedFor = "1.2.3.4, 198.51.100.20";
    expect(clientAddress({ socketAddress: "10.0.0.5", forwardedFor, trusted: proxies })).toBe(
      "198.51.100.20",
    );
    // Two proxies in a row, both trusted.
    expect(
      clientAddress({
        socketAddress: "10.0.0.5",
        forwardedFor: "1.2.3.4, 198.51.100.20, 10.1.4.4",
        trusted: proxies,
      }),
    ).toBe("198.51.100.20");
    // A trusted proxy without the header: the proxy itself.
    expect(clientAddress({ socketAddress: "10.0.0.5", forwardedFor: undefined, trusted: proxies })).toBe(
      "10.0.0.5",
    );
    // Garbage in the header ends the walk at the last address that was believed.
    expect(clientAddress({ socketAddress: "10.0.0.5", forwardedFor: "<script>", trusted: proxies })).toBe(
      "10.0.0.5",
    );
  });

  it("understands IPv6 ranges", () => {
    const proxies = trusted("fd00::/8");
    expect(clientAddress({ socketAddress: "fd00::1", forwardedFor: "2001:db8::7", trusted: proxies })).toBe(
      "2001:db8::7",
    );
  });

  it("refuses a setting that is not a list of addresses or ranges, naming the bad items", () => {
    expect(parseTrustedProxies("10.0.0.1, proxy.example, 10.0.0.0/33")).toMatchObject({
      ok: false,
      message: expect.stringContaining("proxy.example, 10.0.0.0/33"),
    });
  });
});

describe("stampClientAddress", () => {
  it("replaces whatever the client claims with the socket's address, before any handler reads it", async () => {
    const seen: (string | string[] | undefined)[] = [];
    const server = http.createServer((request, response) => {
      seen.push(request.headers[clientAddressHeader]);
      response.end();
    });
    stampClientAddress(server, trusted(""));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await fetch(`http://127.0.0.1:${port}/`, {
        headers: { "x-forwarded-for": "198.51.100.1", [clientAddressHeader]: "198.51.100.2" },
      });
      expect(seen).toEqual(["127.0.0.1"]);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
