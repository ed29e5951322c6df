#!/usr/bin/env node
// tremplin-verify (see README.md beside this file): checks a certificate PDF offline against the
// portal's trust bundle. The CLI is TypeScript source (portal/server/signing/verify-cli.ts), run
// without a build step: tsx registers its loader, then hands over.
import { register } from "tsx/esm/api";

register();
await import("../server/signing/verify-cli.ts");
