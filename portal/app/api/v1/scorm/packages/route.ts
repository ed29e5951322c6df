import { appDeps } from "@/server/app-deps";
import { scormRoutes } from "@/server/scorm/scorm-routes";

export const dynamic = "force-dynamic";

export const POST = scormRoutes(appDeps).import;
