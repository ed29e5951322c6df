// A typed door to autocannon (it ships no types).
import { createRequire } from "node:module";

export type CannonRequest = { method: string; path: string; headers: Record<string, string>; body?: string };
export type CannonOptions = {
  url: string;
  connections: number;
  duration: number;
  overallRate?: number;
  /** A run of the same requests first, not counted (its result is `warmup`). */
  warmup?: { connections: number; duration: number };
  requests: {
    setupRequest: (req: CannonRequest) => CannonRequest;
    onResponse?: (status: number, body: string) => void;
  }[];
};
export type CannonResult = {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number; average: number };
  non2xx: number;
  errors: number;
  warmup?: CannonResult;
};

const autocannon = createRequire(import.meta.url)("autocannon") as (
  o: CannonOptions,
) => Promise<CannonResult>;

export function cannon(options: CannonOptions): Promise<CannonResult> {
  return autocannon(options);
}
