#!/usr/bin/env node
// tremplin-provision (see README.md beside this file). The CLI is TypeScript source
// (portal/server/provisioning/cli.ts), run without a build step: tsx registers its loader, then hands over.
import { register } from "tsx/esm/api";

register();
await import("../server/provisioning/cli.ts");
