import type { NextConfig } from "next";
import createNextIntlPlugin from "next-intl/plugin";

// Messages are compiled at build time (next-intl's `precompile`): formatting one is then a walk
// over a small array, where the runtime parser built an IntlMessageFormat and a JSON cache key per
// call: use-intl fell from about 7 % to 2 % of the server's CPU on "Mes formations" (a CPU profile
// under the load of bench/portal-load.ts), and the catalogue sent to the browser is smaller.
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./i18n/request.ts",
  experimental: {
    messages: { path: "./messages", format: "json", locales: ["fr", "en"], precompile: true },
  },
});

const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
  // HSTS only matters behind TLS; browsers ignore it over plain http on localhost.
  { key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" },
  {
    key: "Content-Security-Policy",
    value: [
      "default-src 'self'",
      "script-src 'self' 'unsafe-inline'",
      "style-src 'self' 'unsafe-inline'",
      "img-src 'self' data: blob:",
      "font-src 'self'",
      "connect-src 'self'",
      "frame-src 'self'",
      "frame-ancestors 'none'",
      "base-uri 'self'",
      "form-action 'self'",
    ].join("; "),
  },
];

const config: NextConfig = {
  // Packages ship as TypeScript source (docs/decisions/002-packages-as-source.md).
  transpilePackages: ["@tremplin/domain", "@tremplin/db", "@tremplin/directory", "@tremplin/image-format"],
  // Native or WASM modules that must be required at run time, not bundled.
  serverExternalPackages: ["@electric-sql/pglite", "pg", "ldapts", "pino", "@node-rs/argon2", "prom-client"],
  poweredByHeader: false,
  // Types are checked once, by `turbo run typecheck` (npm test): not again in every build.
  typescript: { ignoreBuildErrors: true },
  // Lets several builds of one checkout live side by side (parallel work, e2e against a fresh build).
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  headers: async () => [
    { source: "/:path((?!api/v1/scorm/content/).*)", headers: securityHeaders },
    // SCORM package files set their own CSP, a sandbox with an opaque origin, and may be framed
    // by the player and by the package's own (opaque) pages, which X-Frame-Options and
    // frame-ancestors cannot name (server/scorm/serve-content.ts); the other headers stay.
    {
      source: "/api/v1/scorm/content/:path*",
      headers: securityHeaders.filter(
        (h) => h.key !== "X-Frame-Options" && h.key !== "Content-Security-Policy",
      ),
    },
  ],
};

export default withNextIntl(config);
