import "server-only";
import { getDb } from "@/server/db";
import type { MasterRouteDeps } from "./master-routes";
import { portalMastersStore } from "./masters-store";

export const masterRouteDeps: MasterRouteDeps = { getDb, getStore: portalMastersStore };
