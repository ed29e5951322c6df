// tsx's loader, then the TypeScript script (as bin/tremplin-kiosk.mjs does for the CLI).
import { register } from "tsx/esm/api";

register();
await import("./boot-guest.ts");
