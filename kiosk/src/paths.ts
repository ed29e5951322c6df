import { fileURLToPath } from "node:url";

/**
 * The kiosk package's folder. This module sits one level under it both as source (`src/`) and
 * in the production bundle (`dist/`), so the same relative URL works for both.
 */
export const kioskRoot = fileURLToPath(new URL("..", import.meta.url));
