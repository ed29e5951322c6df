"use client";
import { useEffect } from "react";

// Mirrors @tremplin/domain/progress activeTime (kept here so the client bundle stays small).
const intervalSeconds = 30;
const idleSeconds = 180;

let lastInteraction = Date.now();
/** Anything the learner does counts as activity, in the page or in its SCORM frame (by message). */
export function markActive(): void {
  lastInteraction = Date.now();
}
const events = ["pointerdown", "keydown", "wheel", "scroll", "touchstart", "pointermove"] as const;

/**
 * Honest active time: a second counts only while the tab is visible and the learner did
 * something in the last three minutes. Every 30 s (and when the tab is hidden or closed) the
 * count is sent; the server caps each beat. Opening the module sends a zero beat that marks it
 * started and remembers it as the place to resume.
 */
export function ActivityTracker({ moduleId }: { moduleId: string }) {
  useEffect(() => {
    let pending = 0;
    lastInteraction = Date.now();
    const send = (seconds: number, beacon = false) => {
      const body = JSON.stringify({ moduleId, activeSeconds: seconds });
      if (beacon && navigator.sendBeacon) {
        navigator.sendBeacon("/api/v1/learning/heartbeat", new Blob([body], { type: "text/plain" }));
        return;
      }
      void fetch("/api/v1/learning/heartbeat", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        keepalive: true,
      }).catch(() => {
        // Lost beats lose at most 30 s of counted time; the next one carries on.
      });
    };
    const flush = (beacon: boolean) => {
      if (pending > 0) send(pending, beacon);
      pending = 0;
    };
    send(0);
    let elapsed = 0;
    const tick = window.setInterval(() => {
      const isActive =
        document.visibilityState === "visible" && Date.now() - lastInteraction < idleSeconds * 1000;
      if (isActive) pending++;
      if (++elapsed % intervalSeconds === 0) flush(false);
    }, 1000);
    const onHide = () => {
      if (document.visibilityState === "hidden") flush(true);
    };
    const onPageHide = () => flush(true);
    for (const e of events) window.addEventListener(e, markActive, { capture: true, passive: true });
    document.addEventListener("visibilitychange", onHide);
    window.addEventListener("pagehide", onPageHide);
    return () => {
      window.clearInterval(tick);
      flush(true);
      for (const e of events) window.removeEventListener(e, markActive, { capture: true });
      document.removeEventListener("visibilitychange", onHide);
      window.removeEventListener("pagehide", onPageHide);
    };
  }, [moduleId]);
  return null;
}
