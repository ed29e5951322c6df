import { masterRoutes } from "@/server/masters/master-routes";
import { masterRouteDeps, uploadRouteDeps } from "@/server/masters/route-deps";
import { uploadRoutes } from "@/server/masters/upload-routes";

export const dynamic = "force-dynamic";

export const GET = masterRoutes(masterRouteDeps).manifest;
export const PUT = uploadRoutes(uploadRouteDeps).manifest;
