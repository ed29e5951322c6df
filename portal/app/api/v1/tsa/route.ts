import { getSigningSetup } from "@/server/signing/signing-setup";
import { tsaRoute } from "@/server/signing/tsa-route";

export const dynamic = "force-dynamic";

export const POST = tsaRoute(async () => (await getSigningSetup()).pki.tsa);
