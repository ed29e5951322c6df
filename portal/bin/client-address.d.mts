import type { BlockList, Server } from "node:net";

export declare const clientAddressHeader: string;
export declare function parseTrustedProxies(
  value: string | undefined,
): { ok: true; trusted: BlockList } | { ok: false; message: string };
export declare function clientAddress(input: {
  socketAddress: string | undefined;
  forwardedFor: string | string[] | undefined;
  trusted: BlockList;
}): string;
export declare function stampClientAddress(server: Server, trusted: BlockList): void;
