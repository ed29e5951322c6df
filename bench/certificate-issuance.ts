/**
 * Certificate issuance, the in-process part: render + PAdES signature + RFC 3161 time-stamp
 * (built-in TSA) + DSS, in certificates per second, beside rendering alone (the baseline) in the
 * same run; then the same on every core with one worker thread each, as portal instances would.
 * Also the median time to verify one signed certificate (the public check and tremplin-verify).
 *
 *   npm run bench certificate            (or npx tsx bench/certificate-issuance.ts [--count 200])
 *
 * Target (issue 18): issuance end to end ≥ 50 certificates/s on 2 cores; the database and the
 * vault append come on top of what is measured here. The last signed document is checked by the
 * verifier: the bench exits non-zero if it fails. The machine's load average is printed beside the
 * figures: on a shared machine the absolute rates mean little, the ratios more.
 */
import { availableParallelism, loadavg } from "node:os";
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

type Job = { pkiDir: string; count: number };
/**
 * Milliseconds spent on each path (wall clock, and CPU time of the process, which a shared
 * machine's other work does not inflate), and the last signed document.
 */
type Timings = {
  renderMs: number;
  issueMs: number;
  renderCpuMs: number;
  issueCpuMs: number;
  last: Uint8Array;
};

const cpuMs = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
};

const fieldsFor = (i: number) =>
  sampleFields({
    code: `TRM-BNCH-${String(i).padStart(4, "0").slice(-4)}-00`,
    learner: { name: `Apprenant n° ${i}` },
  });

/**
 * Makes `count` certificates both ways, alternating one rendered alone and one rendered, signed
 * and time-stamped, so that both paths share whatever else the machine is doing: the ratio holds
 * on a busy machine even when the absolute figures do not.
 */
async function runJob(job: Job): Promise<Timings> {
  const pki = await loadOrCreateOrganisationPki(job.pkiDir, { organisation: "Région Bench" });
  const signing = {
    signer: pki.documentSigner,
    timestamper: builtInTimestamper(pki.tsa),
    tsaCertificates: [pki.tsa.certificateDer],
    crls: [await pki.crl()],
  };
  for (let i = 0; i < 10; i++) {
    // warm-up: JIT, fonts parsed, caches filled
    await renderCompletionCertificate(fieldsFor(i));
    await renderSignedCertificate(fieldsFor(i), signing);
  }
  const timings: Timings = { renderMs: 0, issueMs: 0, renderCpuMs: 0, issueCpuMs: 0, last: new Uint8Array() };
  for (let i = 0; i < job.count; i++) {
    let [started, cpu] = [performance.now(), cpuMs()];
    await renderCompletionCertificate(fieldsFor(i));
    timings.renderMs += performance.now() - started;
    timings.renderCpuMs += cpuMs() - cpu;
    [started, cpu] = [performance.now(), cpuMs()];
    timings.last = (await renderSignedCertificate(fieldsFor(i), signing)).pdf;
    timings.issueMs += performance.now() - started;
    timings.issueCpuMs += cpuMs() - cpu;
  }
  return timings;
}

if (!isMainThread) {
  const { renderMs, issueMs } = await runJob(workerData as Job);
  parentPort!.postMessage({ renderMs, issueMs });
} else {
  await main();
}

/** The job on `threads` worker threads at once; each path's time is that of its slowest thread. */
async function parallel(job: Job, threads: number): Promise<{ renderMs: number; issueMs: number }> {
  const results = await Promise.all(
    Array.from(
      { length: threads },
      () =>
        new Promise<{ renderMs: number; issueMs: number }>((resolve, reject) => {
          const worker = new Worker(new URL(import.meta.url), { workerData: job });
          worker.once("message", resolve);
          worker.once("error", reject);
        }),
    ),
  );
  return {
    renderMs: Math.max(...results.map((r) => r.renderMs)),
    issueMs: Math.max(...results.map((r) => r.issueMs)),
  };
}

/** Median wall-clock and CPU milliseconds of one verification of `pdf`. */
async function medianVerifyMs(
  pki: OrganisationPki,
  pdf: Uint8Array,
  runs: number,
): Promise<{ ms: number; cpuMs: number; ok: boolean }> {
  const trust = { caCertificates: [pki.ca.certificateDer], tsaCertificates: [pki.tsa.certificateDer] };
  const times: number[] = [];
  const cpuTimes: number[] = [];
  let ok = true;
  for (let i = 0; i < runs + 5; i++) {
    const [started, cpu] = [performance.now(), cpuMs()];
    const result = await verifySignedPdf(pdf, trust);
    if (i >= 5) {
      times.push(performance.now() - started);
      cpuTimes.push(cpuMs() - cpu);
    }
    ok &&= result.ok;
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  return { ms: median(times), cpuMs: median(cpuTimes), ok };
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
    const one = await runJob({ pkiDir, count });
    const verify = await medianVerifyMs(pki, one.last, 50);
    const perThread = Math.ceil(count / threads);
    const all = await parallel({ pkiDir, count: perThread }, threads);
    const rates = (t: { renderMs: number; issueMs: number }, n: number) => ({
      render: rate(n, t.renderMs),
      issue: rate(n, t.issueMs),
    });
    const single = rates(one, count);
    const many = rates(all, perThread * threads);
    const f = (x: number) => x.toFixed(1).padStart(6);
    console.log(
      `${count} certificates (completion, 1 page, ${one.last.length} bytes signed), after 10 warm-up; each path timed alternately; load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} cores`,
    );
    console.log(
      `1 thread   render alone ${f(single.render)}/s · render+sign+time-stamp ${f(single.issue)}/s · ratio ${(single.issue / single.render).toFixed(2)}`,
    );
    console.log(
      `${threads} threads  render alone ${f(many.render)}/s · render+sign+time-stamp ${f(many.issue)}/s · ratio ${(many.issue / many.render).toFixed(2)} · target 50/s ${many.issue >= 50 ? "met" : "MISSED"} (database and vault append not included)`,
    );
    const perCore = (ms: number) => f(1000 / (ms / count));
    console.log(
      `CPU time  render alone ${(one.renderCpuMs / count).toFixed(1)} ms · render+sign+time-stamp ${(one.issueCpuMs / count).toFixed(1)} ms a certificate → ${perCore(one.issueCpuMs)}/s per core, ${f((threads * 1000) / (one.issueCpuMs / count))}/s on ${threads} cores if the machine were ours`,
    );
    console.log(
      `verification of one signed certificate: median ${verify.ms.toFixed(1)} ms, CPU ${verify.cpuMs.toFixed(1)} ms (target ≤ 20 ms) · valid ${verify.ok ? "yes" : "NO"}`,
    );
    process.exitCode = verify.ok ? 0 : 1;
  } finally {
    await tmp.cleanup();
  }
}
