import "server-only";
import { AppError } from "@tremplin/domain/errors";
import { type ManifestHeader, manifestHeaderSchema } from "@tremplin/image-format/manifest";
import type { MasterStore } from "@tremplin/image-format/master-store";
import { signedManifestSchema } from "@tremplin/image-format/sign";

/**
 * A version's header as the store holds it, signature not checked: the portal only lists and
 * schedules what IT copied into its own store; posts and relays verify before using anything.
 */
export async function readStoreHeader(
  store: MasterStore,
  name: string,
  version: string,
): Promise<ManifestHeader> {
  const envelope = signedManifestSchema.safeParse(await store.readManifestEnvelope(name, version));
  const header = envelope.success ? manifestHeaderSchema.safeParse(envelope.data.signed) : undefined;
  if (!header?.success) {
    throw new AppError(
      "invalid_input",
      `Le manifeste de ${name} ${version} dans le dépôt du portail est illisible.`,
    );
  }
  return header.data;
}
