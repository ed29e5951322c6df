import { uploadRouteDeps } from "@/server/masters/route-deps";
import { uploadRoutes } from "@/server/masters/upload-routes";

export const dynamic = "force-dynamic";

export const POST = uploadRoutes(uploadRouteDeps).batch;
