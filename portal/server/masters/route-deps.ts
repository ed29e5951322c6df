import "server-only";
import { env } from "@/env";
import { getDb } from "@/server/db";
import type { MasterRouteDeps } from "./master-routes";
import { portalMasterKeys, portalMastersStore } from "./masters-store";
import { withStoreLease } from "./store-lease";
import type { UploadRouteDeps } from "./upload-routes";

export const masterRouteDeps: MasterRouteDeps = { getDb, getStore: portalMastersStore };

export const uploadRouteDeps: UploadRouteDeps = {
  getStore: portalMastersStore,
  getTrustedKeys: portalMasterKeys,
  token: () => env().TREMPLIN_PUBLISH_TOKEN,
  holdingStoreLease: async (work) =>
    withStoreLease(await getDb(), { now: () => new Date(), ttlMs: 10 * 60_000, waitMs: 10_000 }, work),
};
