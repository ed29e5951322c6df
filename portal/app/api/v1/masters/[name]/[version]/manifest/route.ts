import { masterRoutes } from "@/server/masters/master-routes";
import { masterRouteDeps } from "@/server/masters/route-deps";

export const dynamic = "force-dynamic";

export const GET = masterRoutes(masterRouteDeps).manifest;
