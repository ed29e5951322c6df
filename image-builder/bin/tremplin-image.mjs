#!/usr/bin/env node
// The CLI is TypeScript source (no build step): register tsx's loader, then hand over.
import { register } from "tsx/esm/api";

register();
await import("../src/cli.ts");
