import path from "node:path";

/** Every file of one session lives in the overlay folder under `vm-<id>.*`. */
export type SessionFiles = {
  id: string;
  overlay: string;
  qmpSocket: string;
  vncSocket: string;
  /** The UEFI variable store of a session whose master boots in UEFI. */
  efiVars: string;
};

export const sessionFilePattern = /^vm-[A-Za-z0-9-]+\.(qcow2|qmp|vnc|efivars)$/;

/**
 * Overlays of finished sessions wait here for their blocks to be freed: a rename out of the
 * session's way is instant whatever the overlay's size, the unlink that follows is not.
 */
export const trashDirName = ".trash";

export function sessionFiles(overlayDir: string, id: string): SessionFiles {
  const base = path.join(overlayDir, `vm-${id}`);
  return {
    id,
    overlay: `${base}.qcow2`,
    qmpSocket: `${base}.qmp`,
    vncSocket: `${base}.vnc`,
    efiVars: `${base}.efivars`,
  };
}
