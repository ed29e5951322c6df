import { vaultApi } from "@/server/vault/vault-deps";

export const dynamic = "force-dynamic";

export const GET = vaultApi.inclusion;
