import { describe, expect, it } from "vitest";
import {
  CompactRange,
  emptyRoot,
  hashChildren,
  hashLeaf,
  rootFromInclusionProof,
  splitPoint,
  verifyConsistency,
  verifyInclusion,
} from "./merkle";
import { consistencyProof, inclusionProof, memoryNodeReader, nodesRead, treeRoot } from "./merkle-proofs";

// RFC 6962 test vectors, as published by transparency-dev/merkle (testonly/constants.go and
// proof/verify_test.go): eight leaves, the root at every size, and known-good proofs.
const hex = (s: string) => new Uint8Array(Buffer.from(s, "hex"));
const leaves = [
  "",
  "00",
  "10",
  "2021",
  "3031",
  "40414243",
  "5051525354555657",
  "606162636465666768696a6b6c6d6e6f",
].map(hex);
const roots = [
  "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
  "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
  "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
  "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
  "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
  "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
  "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
  "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
].map(hex);
const inclusionVectors: [number, number, string[]][] = [
  [
    0,
    8,
    [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  ],
  [
    5,
    8,
    [
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  ],
  [2, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]],
  [
    1,
    5,
    [
      "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  ],
];
const consistencyVectors: [number, number, string[]][] = [
  [
    1,
    8,
    [
      "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
  ],
  [
    6,
    8,
    [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  ],
  [
    2,
    5,
    [
      "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
      "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
  ],
  [
    6,
    7,
    [
      "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
      "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
      "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
  ],
];

/** The definition of RFC 9162 §2.1.1, written as plainly as possible, to check the rest against. */
function naiveRoot(hashes: Uint8Array[]): Uint8Array {
  if (hashes.length === 0) return emptyRoot;
  if (hashes.length === 1) return hashes[0]!;
  const k = splitPoint(hashes.length);
  return hashChildren(naiveRoot(hashes.slice(0, k)), naiveRoot(hashes.slice(k)));
}

const readerOver = memoryNodeReader;

const leafHashes = (n: number) => Array.from({ length: n }, (_, i) => hashLeaf(Buffer.from(`entry ${i}`)));

describe("RFC 6962 hashing", () => {
  it("gives the published roots at every size from 1 to 8", () => {
    const hashes = leaves.map(hashLeaf);
    const range = new CompactRange();
    hashes.forEach((h, i) => {
      range.append(h);
      expect(Buffer.from(range.root()).toString("hex")).toBe(Buffer.from(roots[i]!).toString("hex"));
      expect(treeRoot(i + 1, readerOver(hashes))).toEqual(roots[i]);
    });
    expect(Buffer.from(emptyRoot).toString("hex")).toBe(
      "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    );
  });

  it("produces and accepts the published inclusion proofs, and refuses altered ones", () => {
    const hashes = leaves.map(hashLeaf);
    for (const [index, size, expected] of inclusionVectors) {
      const proof = inclusionProof(index, size, readerOver(hashes));
      expect(proof.map((p) => Buffer.from(p).toString("hex"))).toEqual(expected);
      const root = roots[size - 1]!;
      expect(verifyInclusion(index, size, hashes[index]!, proof, root)).toBe(true);
      expect(verifyInclusion(index + 1, size, hashes[index]!, proof, root)).toBe(false);
      expect(verifyInclusion(index, size * 2, hashes[index]!, proof, root)).toBe(false);
      expect(verifyInclusion(index, size, hashes[index]!, [...proof, root], root)).toBe(false);
      expect(verifyInclusion(index, size, hashes[index]!, proof.slice(1), root)).toBe(false);
      const flipped = proof.map((p) => p.slice());
      flipped[0]![0]! ^= 8;
      expect(verifyInclusion(index, size, hashes[index]!, flipped, root)).toBe(false);
    }
  });

  it("produces and accepts the published consistency proofs, and refuses altered ones", () => {
    const hashes = leaves.map(hashLeaf);
    for (const [size1, size2, expected] of consistencyVectors) {
      const proof = consistencyProof(size1, size2, readerOver(hashes));
      expect(proof.map((p) => Buffer.from(p).toString("hex"))).toEqual(expected);
      const [root1, root2] = [roots[size1 - 1]!, roots[size2 - 1]!];
      expect(verifyConsistency(size1, size2, proof, root1, root2)).toBe(true);
      expect(verifyConsistency(size1, size2, proof, root2, root1)).toBe(false);
      expect(verifyConsistency(size1 + 1, size2, proof, root1, root2)).toBe(false);
      expect(verifyConsistency(size1, size2, proof.slice(0, -1), root1, root2)).toBe(false);
      expect(verifyConsistency(size1, size2, [], root1, root2)).toBe(false);
    }
    expect(verifyConsistency(0, 5, [], emptyRoot, roots[4]!)).toBe(true);
    expect(verifyConsistency(3, 3, [], roots[2]!, roots[2]!)).toBe(true);
    expect(verifyConsistency(3, 2, [], roots[2]!, roots[1]!)).toBe(false);
  });
});

describe("proofs from stored tile levels, against a naive recomputation", () => {
  const hashes = leafHashes(70_000);
  const read = readerOver(hashes);

  it("agrees with the definition at many sizes, across tile boundaries", () => {
    const sizes = [1, 2, 3, 255, 256, 257, 511, 512, 1000, 65_535, 65_536, 65_537, 70_000];
    for (const size of sizes) {
      const root = naiveRoot(hashes.slice(0, size));
      expect(treeRoot(size, read)).toEqual(root);
      for (const index of new Set([0, size >> 1, size - 1, Math.min(255, size - 1)])) {
        const proof = inclusionProof(index, size, read);
        expect(rootFromInclusionProof(index, size, hashes[index]!, proof)).toEqual(root);
      }
    }
  });

  it("checks consistency between many pairs of sizes", () => {
    const pairs = [
      [1, 2],
      [3, 7],
      [255, 256],
      [256, 257],
      [1000, 65_536],
      [65_535, 70_000],
      [4096, 8192],
    ];
    for (const [a, b] of pairs as [number, number][]) {
      const proof = consistencyProof(a, b, read);
      expect(
        verifyConsistency(a, b, proof, naiveRoot(hashes.slice(0, a)), naiveRoot(hashes.slice(0, b))),
      ).toBe(true);
    }
  });

  it("reads at most 255 stored hashes per tile level for a proof", () => {
    const needed = nodesRead((r) => inclusionProof(12_345, 70_000, r));
    expect(needed.length).toBeLessThanOrEqual(3 * 255);
    expect(needed.every((n) => n.height % 8 === 0)).toBe(true);
  });

  it("reports the perfect subtrees a leaf completes", () => {
    const range = new CompactRange();
    const completed = hashes.slice(0, 256).flatMap((h) => range.append(h));
    const full = completed.filter((c) => c.height === 8);
    expect(full).toEqual([{ height: 8, index: 0, hash: naiveRoot(hashes.slice(0, 256)) }]);
  });
});
