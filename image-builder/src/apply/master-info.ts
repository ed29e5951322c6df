import { rename, writeFile } from "node:fs/promises";
import { type MasterInfo, type MasterInfoInput, masterInfoSchema } from "@tremplin/image-format/master-info";
import { sha256File } from "./apt-download";

/**
 * Hashes the disk and writes its `master.json` beside it (temp file, then rename), in the one
 * shape @tremplin/image-format defines and the kiosk reads.
 */
export async function writeMasterInfo(options: {
  disk: string;
  file: string;
  info: Omit<MasterInfoInput, "sha256">;
}): Promise<MasterInfo> {
  const info = masterInfoSchema.parse({ ...options.info, sha256: await sha256File(options.disk) });
  const partial = `${options.file}.partial`;
  await writeFile(partial, `${JSON.stringify(info, null, 2)}\n`);
  await rename(partial, options.file);
  return info;
}
