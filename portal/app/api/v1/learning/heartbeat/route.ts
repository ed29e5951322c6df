import { appDeps } from "@/server/app-deps";
import { learningRoutes } from "@/server/learning/learning-routes";

export const dynamic = "force-dynamic";

export const POST = learningRoutes(appDeps).heartbeat;
