import { parsePortalEnv } from "@/env";

// A bad setting stops the instance here, with one line naming the variable, rather than on
// the first request.
const parsed = parsePortalEnv(process.env);
if (!parsed.ok) {
  console.error(parsed.message);
  process.exit(2);
}
