/**
 * Certificate issuance, the in-process part: render + PAdES signature + RFC 3161 time-stamp
 * (built-in TSA) + DSS, in certificates per second, beside rendering alone (the baseline) in the
 * same run; then the same on every core with one worker thread each, as portal instances would.
 * Also the median time to verify one signed certificate (the public check and tremplin-verify).
 *
 *   npm run bench certificate            (or npx tsx bench/certificate-issuance.ts [--count 200])
 *
 * Target (issue 18): issuance end to end ≥ 50 certificates/s on 2 cores; the database and the
 * vault append come on top of what is measured here. Every signed document is checked by the
 * verifier once: the bench exits non-zero if one fails.
 */
import { availableParallelism } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { renderCompletionCertificate } from "@tremplin/portal/certificates/documents/render-completion-certificate";
import { renderSignedCertificate } from "@tremplin/portal/certificates/documents/render-signed-certificate";
import { sampleFields } from "@tremplin/portal/certificates/documents/sample-fields";
import { loadOrCreateOrganisationPki, type OrganisationPki } from "@tremplin/portal/signing/organisation-pki";
import { verifySignedPdf } from "@tremplin/portal/signing/pades-verify";
import { builtInTimestamper } from "@tremplin/portal/signing/timestamper";
import { makeTmpDir } from "@tremplin/testkit/tmpdir";

type Job = { pkiDir: string; count: number; mode: "render" | "issue" };

const fieldsFor = (i: number) =>
  sampleFields({
    code: `TRM-BNCH-${String(i).padStart(4, "0").slice(-4)}-00`,
    learner: { name: `Apprenant n° ${i}` },
  });

/** Makes `count` documents one after the other; returns the elapsed ms and the last document. */
async function runJob(job: Job): Promise<{ ms: number; last: Uint8Array }> {
  const pki = await loadOrCreateOrganisationPki(job.pkiDir, { organisation: "Région Bench" });
  const signing = {
    signer: pki.documentSigner,
    timestamper: builtInTimestamper(pki.tsa),
    tsaCertificates: [pki.tsa.certificateDer],
    crls: [await pki.crl()],
  };
  const make = (i: number) =>
    job.mode === "render"
      ? renderCompletionCertificate(fieldsFor(i))
      : renderSignedCertificate(fieldsFor(i), signing);
  for (let i = 0; i < 10; i++) await make(i); // warm-up: JIT, fonts parsed, caches filled
  let last: Uint8Array = new Uint8Array();
  const started = performance.now();
  for (let i = 0; i < job.count; i++) {
    const made = await make(i);
    last = made instanceof Uint8Array ? made : made.pdf;
  }
  return { ms: performance.now() - started, last };
}

if (!isMainThread) {
  const result = await runJob(workerData as Job);
  parentPort!.postMessage(result.ms);
} else {
  await main();
}

/** The same job on `threads` worker threads at once: wall-clock ms until all are done. */
async function parallel(job: Job, threads: number): Promise<number> {
  const started = performance.now();
  await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<number>((resolve, reject) => {
          const worker = new Worker(new URL(import.meta.url), { workerData: job });
          worker.once("message", resolve);
          worker.once("error", reject);
        }),
    ),
  );
  return performance.now() - started;
}

async function medianVerifyMs(
  pki: OrganisationPki,
  pdf: Uint8Array,
  runs: number,
): Promise<{ ms: number; ok: boolean }> {
  const trust = { caCertificates: [pki.ca.certificateDer], tsaCertificates: [pki.tsa.certificateDer] };
  const times: number[] = [];
  let ok = true;
  for (let i = 0; i < runs + 5; i++) {
    const started = performance.now();
    const result = await verifySignedPdf(pdf, trust);
    if (i >= 5) times.push(performance.now() - started);
    ok &&= result.ok;
  }
  return { ms: times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!, ok };
}

async function main() {
  const { values } = parseArgs({ options: { count: { type: "string", default: "200" } } });
  const count = Number(values.count);
  const threads = Math.min(availableParallelism(), 4);
  const tmp = await makeTmpDir("bench-certificates-");
  try {
    const pkiDir = path.join(tmp.dir, "pki");
    const pki = await loadOrCreateOrganisationPki(pkiDir, { organisation: "Région Bench" });
    const rate = (n: number, ms: number) => (n / ms) * 1000;
    const render = await runJob({ pkiDir, count, mode: "render" });
    const issue = await runJob({ pkiDir, count, mode: "issue" });
    const verify = await medianVerifyMs(pki, issue.last, 50);
    const perThread = Math.ceil(count / threads);
    const renderAll = await parallel({ pkiDir, count: perThread, mode: "render" }, threads);
    const issueAll = await parallel({ pkiDir, count: perThread, mode: "issue" }, threads);
    const one = { render: rate(count, render.ms), issue: rate(count, issue.ms) };
    const all = { render: rate(perThread * threads, renderAll), issue: rate(perThread * threads, issueAll) };
    const f = (x: number) => x.toFixed(1).padStart(6);
    console.log(
      `${count} certificates (completion, 1 page, ${issue.last.length} bytes signed), after 10 warm-up`,
    );
    console.log(
      `1 thread   render alone ${f(one.render)}/s · render+sign+time-stamp ${f(one.issue)}/s · ratio ${(one.issue / one.render).toFixed(2)}`,
    );
    console.log(
      `${threads} threads  render alone ${f(all.render)}/s · render+sign+time-stamp ${f(all.issue)}/s · ratio ${(all.issue / all.render).toFixed(2)} · target 50/s ${all.issue >= 50 ? "met" : "MISSED"} (database and vault append not included)`,
    );
    console.log(
      `verification of one signed certificate: median ${verify.ms.toFixed(1)} ms (target ≤ 20 ms) · valid ${verify.ok ? "yes" : "NO"}`,
    );
    process.exitCode = verify.ok ? 0 : 1;
  } finally {
    await tmp.cleanup();
  }
}
