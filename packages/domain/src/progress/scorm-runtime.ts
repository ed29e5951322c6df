import { z } from "zod";
import type { ScormVersion } from "./module-content";

/**
 * What the portal keeps from a SCORM runtime commit (scorm-again's "flattened" format: one key
 * per CMI element). Limits follow the specs: SCORM 1.2 suspend_data is 4,096 characters,
 * SCORM 2004 4th edition 64,000; lesson_location 255, cmi.location 1,000.
 */
export type RuntimeState = {
  location: string | null;
  suspendData: string | null;
  status: "not_started" | "incomplete" | "completed" | "passed" | "failed";
  /** 0–100, rounded down; null when the package reported no score. */
  scorePercent: number | null;
  sessionSeconds: number | null;
};

const text = (max: number) => z.string().max(max).optional();
const scorm12Schema = z.object({
  "cmi.core.lesson_location": text(255),
  "cmi.suspend_data": text(4096),
  "cmi.core.lesson_status": text(32),
  "cmi.core.score.raw": text(32),
  "cmi.core.score.min": text(32),
  "cmi.core.score.max": text(32),
  "cmi.core.session_time": text(32),
});
const scorm2004Schema = z.object({
  "cmi.location": text(1000),
  "cmi.suspend_data": text(64_000),
  "cmi.completion_status": text(32),
  "cmi.success_status": text(32),
  "cmi.score.scaled": text(32),
  "cmi.score.raw": text(32),
  "cmi.score.min": text(32),
  "cmi.score.max": text(32),
  "cmi.session_time": text(64),
});

/** Reads the commit of a package of `version`; throws zod's error on an over-long field. */
export function readRuntimeCommit(version: ScormVersion, body: unknown): RuntimeState {
  if (version === "1.2") {
    const c = scorm12Schema.parse(body);
    return {
      location: orNull(c["cmi.core.lesson_location"]),
      suspendData: orNull(c["cmi.suspend_data"]),
      status: status12(c["cmi.core.lesson_status"]),
      scorePercent: percent(
        undefined,
        c["cmi.core.score.raw"],
        c["cmi.core.score.min"],
        c["cmi.core.score.max"],
      ),
      sessionSeconds: parseScorm12Time(c["cmi.core.session_time"]),
    };
  }
  const c = scorm2004Schema.parse(body);
  return {
    location: orNull(c["cmi.location"]),
    suspendData: orNull(c["cmi.suspend_data"]),
    status: status2004(c["cmi.completion_status"], c["cmi.success_status"]),
    scorePercent: percent(c["cmi.score.scaled"], c["cmi.score.raw"], c["cmi.score.min"], c["cmi.score.max"]),
    sessionSeconds: parseIsoDuration(c["cmi.session_time"]),
  };
}

/** The values handed back to the runtime before `Initialize`, so that the package resumes. */
export function runtimeStartValues(
  version: ScormVersion,
  saved: { location: string | null; suspendData: string | null; learnerId: string; learnerName: string },
): Record<string, string> {
  const resumed = saved.location !== null || saved.suspendData !== null;
  const values: Record<string, string> =
    version === "1.2"
      ? {
          "cmi.core.student_id": saved.learnerId,
          "cmi.core.student_name": saved.learnerName,
          "cmi.core.entry": resumed ? "resume" : "ab-initio",
        }
      : {
          "cmi.learner_id": saved.learnerId,
          "cmi.learner_name": saved.learnerName,
          "cmi.entry": resumed ? "resume" : "ab-initio",
        };
  if (saved.location !== null)
    values[version === "1.2" ? "cmi.core.lesson_location" : "cmi.location"] = saved.location;
  if (saved.suspendData !== null) values["cmi.suspend_data"] = saved.suspendData;
  return values;
}

const orNull = (v: string | undefined) => (v === undefined || v === "" ? null : v);

function status12(value: string | undefined): RuntimeState["status"] {
  switch (value) {
    case "passed":
    case "failed":
    case "completed":
    case "incomplete":
      return value;
    case "browsed":
      return "incomplete";
    default:
      return "not_started";
  }
}

function status2004(completion: string | undefined, success: string | undefined): RuntimeState["status"] {
  if (success === "passed" || success === "failed") return success;
  if (completion === "completed") return "completed";
  if (completion === "incomplete") return "incomplete";
  return "not_started";
}

function percent(scaled?: string, raw?: string, min?: string, max?: string): number | null {
  const num = (v?: string) => (v === undefined || v.trim() === "" ? null : Number(v));
  const s = num(scaled);
  if (s !== null && Number.isFinite(s)) return clampPercent(s * 100);
  const r = num(raw);
  if (r === null || !Number.isFinite(r)) return null;
  const lo = num(min) ?? 0;
  const hi = num(max) ?? 100;
  if (!Number.isFinite(lo) || !Number.isFinite(hi) || hi <= lo) return clampPercent(r);
  return clampPercent(((r - lo) * 100) / (hi - lo));
}

const clampPercent = (p: number) => Math.min(100, Math.max(0, Math.floor(p + 1e-9)));

/** SCORM 1.2 CMITimespan: HHHH:MM:SS.SS */
export function parseScorm12Time(value: string | undefined): number | null {
  const m = value?.match(/^(\d{2,4}):([0-5]\d):([0-5]\d)(\.\d{1,2})?$/);
  if (!m) return null;
  return Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) + Number(m[4] ?? 0);
}

/** SCORM 2004 timeinterval (ISO 8601 duration), e.g. PT1H2M3.5S or P1DT2H. */
export function parseIsoDuration(value: string | undefined): number | null {
  const m = value?.match(
    /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/,
  );
  if (!m || value === "P" || value?.endsWith("T")) return null;
  const [, y, mo, d, h, mi, s] = m.map((x) => (x === undefined ? 0 : Number(x)));
  return ((y! * 365 + mo! * 30 + d!) * 24 + h!) * 3600 + mi! * 60 + s!;
}
