// The address of the person behind a request, as the portal's throttling and logs must see it.
// A client can write any X-Forwarded-For it likes: it is believed only when the connection comes
// from a configured trusted proxy (TREMPLIN_TRUSTED_PROXIES), and then read from the right, past
// trusted hops only (each proxy appends the address it saw). Next.js gives route handlers no
// socket, so the launcher sets the result in a header of its own before Next sees the request.
import { BlockList, isIP } from "node:net";

/** The header the portal reads the client address from; any value a client sends is replaced. */
export const clientAddressHeader = "x-tremplin-client-address";

/**
 * Parses TREMPLIN_TRUSTED_PROXIES: addresses or CIDR ranges, comma-separated (`10.0.0.5,
 * 10.1.0.0/16, fd00::/8`). Returns `{ ok, trusted }` or `{ ok: false, message }`.
 */
export function parseTrustedProxies(value) {
  const trusted = new BlockList();
  const bad = [];
  for (const item of (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [address, prefix, extra] = item.split("/");
    const family = isIP(address ?? "");
    const bits = prefix === undefined ? (family === 6 ? 128 : 32) : Number(prefix);
    const max = family === 6 ? 128 : 32;
    if (!family || extra !== undefined || !/^\d{1,3}$/.test(String(bits)) || bits > max) {
      bad.push(item);
      continue;
    }
    trusted.addSubnet(address, bits, family === 6 ? "ipv6" : "ipv4");
  }
  if (bad.length > 0) {
    return {
      ok: false,
      message: `attendu : adresses ou plages CIDR séparées par des virgules, ex. 10.0.0.5,10.1.0.0/16 (refusé : ${bad.join(", ")})`,
    };
  }
  return { ok: true, trusted };
}

/** `::ffff:192.0.2.1` (an IPv4 peer on a dual-stack socket) is 192.0.2.1. */
function plain(address) {
  const value = (address ?? "").trim();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(value);
  return mapped ? mapped[1] : value;
}

function isTrusted(trusted, address) {
  const family = isIP(address);
  return family !== 0 && trusted.check(address, family === 6 ? "ipv6" : "ipv4");
}

/**
 * The client's address: the socket's peer, unless that peer is a trusted proxy; then the
 * right-most X-Forwarded-For entry that is not itself a trusted proxy (or the left-most when
 * all are). An entry that is not an address ends the walk: nothing left of it can be believed.
 */
export function clientAddress({ socketAddress, forwardedFor, trusted }) {
  let client = plain(socketAddress);
  if (!isTrusted(trusted, client)) return client || "unknown";
  const hops = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map(plain)
    .filter(Boolean);
  while (hops.length > 0 && isTrusted(trusted, client)) {
    const hop = hops.pop();
    if (!isIP(hop)) break;
    client = hop;
  }
  return client;
}

/** Makes every request of `server` carry its client address in `clientAddressHeader`. */
export function stampClientAddress(server, trusted) {
  server.prependListener("request", (request) => {
    request.headers[clientAddressHeader] = clientAddress({
      socketAddress: request.socket.remoteAddress,
      forwardedFor: request.headers["x-forwarded-for"],
      trusted,
    });
  });
}
