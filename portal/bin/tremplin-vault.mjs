#!/usr/bin/env node
// tremplin-vault (see docs/vault.md). The CLI is TypeScript source (portal/server/vault/cli.ts),
// run without a build step: tsx registers its loader, then hands over.
import { register } from "tsx/esm/api";

register();
await import("../server/vault/cli.ts");
