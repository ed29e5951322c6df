import { certificateRoutes } from "@/server/certificates/certificate-routes";
import { certificateRouteDeps } from "@/server/certificates/route-deps";

export const dynamic = "force-dynamic";

export const GET = certificateRoutes(certificateRouteDeps).myCompletion;
