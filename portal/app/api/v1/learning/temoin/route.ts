// A control route for bench/portal-load.ts: the same wrapper as every route (request id, log,
// metrics), no work of its own; the learner's API is measured against it in the same build.
import { json, route } from "@/server/http";

export const dynamic = "force-dynamic";

const control = route("learning.control", async () => json(200, { ok: true, at: new Date().toISOString() }));
export const GET = control;
export const POST = control;
