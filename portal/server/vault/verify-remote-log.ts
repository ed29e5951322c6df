// `tremplin-vault verify --portal URL`: the same replay for someone without the database (an
// auditor, a funder), from the public tlog-tiles resources alone: the signed checkpoint and every
// entry bundle it covers. Trusts only the verifier key it is given.
import { AppError } from "@tremplin/domain/errors";
import { parseCheckpoint } from "./checkpoint";
import { decodeEntry } from "./entry";
import { CompactRange, equalHashes, hashLeaf } from "./merkle";
import { type NoteVerifier, openNote } from "./signed-note";
import { decodeEntryBundle, tilePath, tileWidth } from "./tile-path";
import type { LogProblem, LogReport } from "./verify-log";

export type Fetch = (url: string) => Promise<Response>;

async function download(fetcher: Fetch, url: string): Promise<Response> {
  let response: Response;
  try {
    response = await fetcher(url);
  } catch (error) {
    throw new AppError("unavailable", `Portail injoignable (${url}) : ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!response.ok) throw new AppError("unavailable", `${url} : HTTP ${response.status}`);
  return response;
}

/** `base` is the log's prefix, e.g. https://formation.region.fr/api/v1/vault. */
export async function verifyRemoteLog(
  base: string,
  verifiers: NoteVerifier[],
  fetcher: Fetch = fetch,
): Promise<LogReport> {
  const prefix = base.replace(/\/+$/, "");
  const note = await (await download(fetcher, `${prefix}/checkpoint`)).text();
  let checkpoint: ReturnType<typeof parseCheckpoint>;
  try {
    checkpoint = parseCheckpoint(openNote(note, verifiers).text);
  } catch (error) {
    return {
      size: 0,
      checkpoints: 1,
      problems: [{ message: `point de contrôle : ${(error as Error).message}` }],
    };
  }
  const problems: LogProblem[] = [];
  const range = new CompactRange();
  for (let index = 0; index * tileWidth < checkpoint.size; index++) {
    const width = Math.min(tileWidth, checkpoint.size - index * tileWidth);
    const url = `${prefix}/${tilePath({ level: "entries", index, width })}`;
    const entries = decodeEntryBundle(new Uint8Array(await (await download(fetcher, url)).arrayBuffer()));
    if (entries.length !== width)
      problems.push({
        leaf: index * tileWidth,
        message: `${url} : ${entries.length} entrées, ${width} attendues`,
      });
    // The level-0 tile: the leaf hashes the log says it holds, to name an entry that differs.
    const tile = new Uint8Array(
      await (await download(fetcher, `${prefix}/${tilePath({ level: 0, index, width })}`)).arrayBuffer(),
    );
    for (const [i, bytes] of entries.entries()) {
      const leaf = range.size;
      if (!equalHashes(hashLeaf(bytes), tile.subarray(i * 32, i * 32 + 32)))
        problems.push({
          leaf,
          message: `entrée n° ${leaf} : son contenu ne correspond plus à son empreinte (modifiée)`,
        });
      try {
        const entry = decodeEntry(bytes);
        if (entry.leafIndex !== leaf)
          problems.push({
            leaf,
            message: `entrée n° ${leaf} : elle a été écrite au n° ${entry.leafIndex} (déplacée ou permutée)`,
          });
      } catch (error) {
        problems.push({ leaf, message: `entrée n° ${leaf} illisible : ${(error as Error).message}` });
      }
      range.append(hashLeaf(bytes));
    }
  }
  if (!equalHashes(range.root(), checkpoint.rootHash))
    problems.push({
      message: `les ${range.size} entrées servies ne donnent pas la racine signée de ${checkpoint.size} entrées`,
    });
  return { size: range.size, checkpoints: 1, problems };
}
