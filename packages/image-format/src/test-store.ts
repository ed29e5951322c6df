import { writeFile } from "node:fs/promises";
import path from "node:path";
import { type PublishOptions, type PublishReport, publishDisk } from "./publish-disk";
import { generateSigningKey } from "./sign";
import { ChunkStore } from "./store";

export type TestStore = {
  store: ChunkStore;
  /** The public key the versions are signed with (what kiosks and relays trust). */
  publicKeyPem: string;
  /** Publishes `bytes` as a raw disk (written under the folder first). */
  publish(o: {
    name: string;
    version: string;
    bytes: Buffer;
    os?: PublishOptions["os"];
    hints?: PublishOptions["hints"];
    now: Date;
  }): Promise<PublishReport>;
};

/**
 * A store folder under `dir` and one signing key: what tests of the store's users (the portal's
 * routes, rollouts, clean-up) publish their disks through.
 */
export function testStore(dir: string): TestStore {
  const store = new ChunkStore(path.join(dir, "store"));
  const key = generateSigningKey();
  return {
    store,
    publicKeyPem: key.publicKeyPem,
    async publish(o) {
      const file = path.join(dir, `${o.name}-${o.version}.raw`);
      await writeFile(file, o.bytes);
      return publishDisk({
        disk: file,
        name: o.name,
        version: o.version,
        os: o.os ?? "linux",
        hints: o.hints ?? {},
        store,
        privateKeyPem: key.privateKeyPem,
        now: o.now,
        workDir: dir,
      });
    },
  };
}
