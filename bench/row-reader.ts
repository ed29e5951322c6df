// The zod-checked row reader (packages/db/src/rows.ts, decision 023) against the unchecked cast
// it replaced, on the shape of "Mes formations" (listLearnerTrainings): one row holding a learner's
// enrolments and modules as json_agg text, each with its timestamps as text, as PostgreSQL sends
// them. Baseline: JSON.parse, a cast and the `new Date` revivers the queries had. Prints rows
// parsed per second both ways and the ratio; the page's whole query costs ~1 ms (portal-load), so
// the difference per page is what to compare with that (decision 023).
import { learnerTrainingsRow } from "@tremplin/db/queries/learning-progress";
import { readOnlyRow } from "@tremplin/db/rows";

const enrolmentCount = 6;
const moduleCount = 48;
const pages = 5_000;

const at = (i: number) => `2026-12-0${1 + (i % 8)}T0${i % 10}:30:00+00:00`;
const enrolments = Array.from({ length: enrolmentCount }, (_, i) => ({
  id: `0000000${i}-aaaa-4aaa-8aaa-aaaaaaaaaaaa`,
  status: "enrolled",
  trainingId: `training-${i}`,
  sessionId: `session-${i}`,
  lastModuleId: null,
  lastActivityAt: at(i),
  trainingCode: `T-${i}`,
  trainingTitle: "Bureautique : tableur",
  domain: "Bureautique",
  modality: "onsite",
  startsAt: at(i + 1),
  endsAt: at(i + 2),
  sessionCancelledAt: null,
  roomName: "Salle 1",
  siteName: "Lyon",
  timezone: "Europe/Paris",
  waitingPosition: null,
}));
const modules = Array.from({ length: moduleCount }, (_, i) => ({
  id: `module-${i}`,
  trainingId: `training-${i % enrolmentCount}`,
  position: i,
  title: `Module ${i}`,
  kind: "page",
  isRequired: true,
  durationMinutes: 20,
  contentVersion: 1,
  status: i % 3 === 0 ? null : "completed",
  scoreRaw: null,
  activeSeconds: i % 3 === 0 ? null : 300,
  updatedAt: i % 3 === 0 ? null : at(i),
}));
// A fresh copy per page, as the driver would hand it over.
const result = () => ({
  rows: [{ enrolments: JSON.stringify(enrolments), modules: JSON.stringify(modules) }],
});

type Loose = Record<string, unknown>;
const toDate = (v: unknown) => (v ? new Date(v as string) : null);
/** What listLearnerTrainings did before: parse the text, cast, revive the dates by hand. */
function castPage(r: { rows: { enrolments: string; modules: string }[] }) {
  const row = r.rows[0]!;
  return {
    enrolments: (JSON.parse(row.enrolments) as Loose[]).map((e) => ({
      ...e,
      lastActivityAt: toDate(e.lastActivityAt),
      startsAt: toDate(e.startsAt),
      endsAt: toDate(e.endsAt),
      sessionCancelledAt: toDate(e.sessionCancelledAt),
    })),
    modules: (JSON.parse(row.modules) as Loose[]).map((m) => ({ ...m, updatedAt: toDate(m.updatedAt) })),
  };
}
const checkedPage = (r: ReturnType<typeof result>) => readOnlyRow(r, learnerTrainingsRow);

/** Milliseconds per page, the best of `rounds` runs (the machine is shared: the best is the least disturbed). */
function time(read: (r: ReturnType<typeof result>) => { modules: unknown[] }): number {
  let sink = 0;
  const started = process.hrtime.bigint();
  for (let i = 0; i < pages; i++) sink += read(result()).modules.length;
  if (sink !== pages * moduleCount) throw new Error("a page lost modules");
  return Number(process.hrtime.bigint() - started) / 1e6 / pages;
}

const rounds = 5;
time(castPage); // warm-up: JIT, zod's compiled object parsers
time(checkedPage);
let cast = Number.POSITIVE_INFINITY;
let checked = Number.POSITIVE_INFINITY;
for (let round = 0; round < rounds; round++) {
  cast = Math.min(cast, time(castPage));
  checked = Math.min(checked, time(checkedPage));
}
const rowsPerSecond = (ms: number) =>
  Math.round((enrolmentCount + moduleCount) / (ms / 1000)).toLocaleString("en");
console.log(
  `${pages} pages of ${enrolmentCount} enrolments + ${moduleCount} modules (json text, dates as text), best of ${rounds}`,
);
console.log(`cast     ${(cast * 1000).toFixed(1)} µs/page, ${rowsPerSecond(cast)} rows/s`);
console.log(`checked  ${(checked * 1000).toFixed(1)} µs/page, ${rowsPerSecond(checked)} rows/s`);
console.log(
  `checked / cast: ${(checked / cast).toFixed(2)}×, +${((checked - cast) * 1000).toFixed(1)} µs per page`,
);
