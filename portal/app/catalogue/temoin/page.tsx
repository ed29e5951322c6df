// A control page for bench/portal-load.ts: dynamic, inside the same layout as every page (session
// read, header, translations), with no work of its own. Its throughput is the baseline that the
// learner's pages are compared with in the same build.
export const dynamic = "force-dynamic";
export const metadata = { title: "Témoin" };

export default function ControlPage() {
  return <p>Témoin de mesure : {new Date().toISOString()}</p>;
}
