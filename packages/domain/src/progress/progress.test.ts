import { describe, expect, it } from "vitest";
import { creditedSeconds } from "./active-time";
import { isModuleDone, type ModuleProgress, mergeStatus, trainingProgress } from "./completion";
import { readModuleContent } from "./module-content";
import { parseIsoDuration, parseScorm12Time, readRuntimeCommit, runtimeStartValues } from "./scorm-runtime";

const now = new Date("2026-11-20T10:00:00Z");
const ago = (s: number) => new Date(now.getTime() - s * 1000);

describe("active time", () => {
  it("credits what the browser claims, capped per beat", () => {
    expect(creditedSeconds({ claimedSeconds: 30, lastBeatAt: null, now })).toBe(30);
    expect(creditedSeconds({ claimedSeconds: 3600, lastBeatAt: null, now })).toBe(60);
    expect(creditedSeconds({ claimedSeconds: -5, lastBeatAt: null, now })).toBe(0);
    expect(creditedSeconds({ claimedSeconds: Number.NaN, lastBeatAt: null, now })).toBe(0);
  });
  it("never credits more than the time since the previous beat (two tabs count once)", () => {
    expect(creditedSeconds({ claimedSeconds: 30, lastBeatAt: ago(30), now })).toBe(30);
    expect(creditedSeconds({ claimedSeconds: 30, lastBeatAt: ago(10), now })).toBe(13);
    expect(creditedSeconds({ claimedSeconds: 30, lastBeatAt: now, now })).toBe(3);
    expect(creditedSeconds({ claimedSeconds: 30, lastBeatAt: ago(-60), now })).toBe(0);
  });
});

describe("completion", () => {
  const m = (id: string, position: number, over: Partial<ModuleProgress> = {}): ModuleProgress => ({
    id,
    position,
    isRequired: true,
    isAssessed: false,
    status: undefined,
    ...over,
  });
  it("counts a quiz as done only when passed", () => {
    expect(isModuleDone("completed", true)).toBe(false);
    expect(isModuleDone("passed", true)).toBe(true);
    expect(isModuleDone("completed", false)).toBe(true);
    expect(isModuleDone("failed", false)).toBe(false);
  });
  it("computes the share of required modules done and where to continue", () => {
    const modules = [
      m("a", 1, { status: "completed" }),
      m("b", 2, { isRequired: false }),
      m("c", 3, { status: "incomplete" }),
      m("d", 4, { isAssessed: true, status: "failed" }),
    ];
    expect(trainingProgress(modules, "c")).toEqual({
      requiredCount: 3,
      doneCount: 1,
      percent: 33,
      isComplete: false,
      nextModuleId: "c",
    });
    // The last module touched is done: continue with the first required one left.
    expect(trainingProgress(modules, "a").nextModuleId).toBe("c");
    const all = modules.map((x) => ({
      ...x,
      status: x.isAssessed ? ("passed" as const) : ("completed" as const),
    }));
    expect(trainingProgress(all, "d")).toMatchObject({ percent: 100, isComplete: true, nextModuleId: "d" });
  });
  it("never goes back", () => {
    expect(mergeStatus("completed", "incomplete")).toBe("completed");
    expect(mergeStatus("passed", "failed")).toBe("passed");
    expect(mergeStatus("failed", "passed")).toBe("passed");
    expect(mergeStatus(undefined, "incomplete")).toBe("incomplete");
  });
});

describe("SCORM runtime commits", () => {
  it("reads a SCORM 1.2 commit: bookmark, suspend data, score on min/max, status, time", () => {
    expect(
      readRuntimeCommit("1.2", {
        "cmi.core.lesson_location": "page-4",
        "cmi.suspend_data": "a=1",
        "cmi.core.lesson_status": "failed",
        "cmi.core.score.raw": "39",
        "cmi.core.score.min": "0",
        "cmi.core.score.max": "50",
        "cmi.core.session_time": "0001:02:03.50",
        "cmi.core.student_name": "ignored",
      }),
    ).toEqual({
      location: "page-4",
      suspendData: "a=1",
      status: "failed",
      scorePercent: 78,
      sessionSeconds: 3723.5,
    });
  });
  it("reads a SCORM 2004 commit: success before completion, scaled score first", () => {
    expect(
      readRuntimeCommit("2004", {
        "cmi.location": "",
        "cmi.completion_status": "completed",
        "cmi.success_status": "unknown",
        "cmi.score.scaled": "0.855",
        "cmi.score.raw": "12",
        "cmi.session_time": "PT1M30S",
      }),
    ).toEqual({
      location: null,
      suspendData: null,
      status: "completed",
      scorePercent: 85,
      sessionSeconds: 90,
    });
  });
  it("refuses suspend data over the spec's limit", () => {
    expect(() => readRuntimeCommit("1.2", { "cmi.suspend_data": "x".repeat(4097) })).toThrow();
    expect(readRuntimeCommit("2004", { "cmi.suspend_data": "x".repeat(4097) }).suspendData).toHaveLength(
      4097,
    );
  });
  it("parses both time formats and rejects garbage", () => {
    expect(parseScorm12Time("00:00:07")).toBe(7);
    expect(parseScorm12Time("7s")).toBeNull();
    expect(parseIsoDuration("P1DT2H")).toBe(93_600);
    expect(parseIsoDuration("PT")).toBeNull();
    expect(parseIsoDuration("1 hour")).toBeNull();
  });
  it("hands the saved bookmark back so the package resumes", () => {
    expect(
      runtimeStartValues("1.2", {
        location: "p3",
        suspendData: "s",
        learnerId: "u1",
        learnerName: "Dupré, Élise",
      }),
    ).toEqual({
      "cmi.core.student_id": "u1",
      "cmi.core.student_name": "Dupré, Élise",
      "cmi.core.entry": "resume",
      "cmi.core.lesson_location": "p3",
      "cmi.suspend_data": "s",
    });
    expect(
      runtimeStartValues("2004", { location: null, suspendData: null, learnerId: "u", learnerName: "n" }),
    ).toEqual({
      "cmi.learner_id": "u",
      "cmi.learner_name": "n",
      "cmi.entry": "ab-initio",
    });
  });
});

describe("module content", () => {
  it("checks content against the module's kind", () => {
    expect(readModuleContent("link", { url: "https://exemple.fr", label: "x" })?.kind).toBe("link");
    expect(readModuleContent("link", { url: "javascript:alert(1)", label: "x" })).toBeUndefined();
    expect(readModuleContent("scorm", { pending: true })).toBeUndefined();
  });
});
