"use client";
import { useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { markActive, watchFrame } from "./activity-tracker";

type Props = {
  scormVersion: "1.2" | "2004";
  launchUrl: string;
  commitUrl: string;
  startValues: Record<string, string>;
  title: string;
};
type SaveState = { kind: "idle" } | { kind: "saved"; at: Date } | { kind: "failed"; at: Date };

/**
 * The SCORM runtime (scorm-again) in this window, the package in a same-origin frame below it.
 * Every Commit / Terminate is a synchronous POST: the runtime answers the SCO "true" only when
 * the portal replied that the data is stored (HTTP 200 with `stored: true`). A sign-in page, a
 * proxy error or a lost connection are all "false", and the learner sees that the save failed.
 */
export function ScormPlayer({ scormVersion, launchUrl, commitUrl, startValues, title }: Props) {
  const t = useTranslations("player.scorm");
  const frame = useRef<HTMLIFrameElement>(null);
  const [isReady, setReady] = useState(false);
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  // The values the page was rendered with: a later refresh of the page must not reset the runtime.
  const [initial] = useState(startValues);

  useEffect(() => {
    const launchId = crypto.randomUUID();
    const url = `${commitUrl}?launch=${launchId}`;
    const httpService = {
      processHttpRequest(_url: string, params: unknown) {
        markActive();
        const body = JSON.stringify(params);
        try {
          const xhr = new XMLHttpRequest();
          xhr.open("POST", url, false);
          xhr.setRequestHeader("content-type", "application/json");
          xhr.send(body);
          const reply =
            xhr.status === 200 ? (JSON.parse(xhr.responseText) as { stored?: boolean }) : undefined;
          const stored = reply?.stored === true;
          setSave({ kind: stored ? "saved" : "failed", at: new Date() });
          return stored ? { result: "true", errorCode: 0 } : { result: "false", errorCode: 101 };
        } catch {
          // Browsers refuse synchronous requests while a page unloads: hand the data to a beacon,
          // which usually arrives, but never tell the SCO it was stored.
          navigator.sendBeacon?.(url, new Blob([body], { type: "text/plain" }));
          setSave({ kind: "failed", at: new Date() });
          return { result: "false", errorCode: 101 };
        }
      },
      updateSettings() {},
    };
    const settings = {
      lmsCommitUrl: url,
      dataCommitFormat: "flattened" as const,
      autocommit: true,
      autocommitSeconds: 15,
      logLevel: 4,
      httpService,
    };
    const w = window as unknown as Record<string, unknown>;
    let isCancelled = false;
    // Loaded on demand: the runtime is only needed on SCORM pages.
    void import("scorm-again").then(({ Scorm12API, Scorm2004API }) => {
      if (isCancelled) return;
      const api = scormVersion === "1.2" ? new Scorm12API(settings) : new Scorm2004API(settings);
      api.loadFromFlattenedJSON(initial, "");
      // SCORM API discovery: the SCO looks for `API` (1.2) or `API_1484_11` (2004) in its parents.
      w[scormVersion === "1.2" ? "API" : "API_1484_11"] = api;
      setReady(true);
    });
    return () => {
      isCancelled = true;
      delete w.API;
      delete w.API_1484_11;
    };
  }, [scormVersion, commitUrl, initial]);

  useEffect(() => {
    const el = frame.current;
    if (!isReady || !el) return;
    let unwatch = () => {};
    const onLoad = () => {
      unwatch();
      unwatch = watchFrame(el);
    };
    el.addEventListener("load", onLoad);
    return () => {
      el.removeEventListener("load", onLoad);
      unwatch();
    };
  }, [isReady]);

  return (
    <div className="space-y-3">
      <p
        role="status"
        aria-live="polite"
        className={`text-sm font-medium ${save.kind === "failed" ? "text-red-700" : "text-slate-700"}`}
      >
        {save.kind === "saved" && t("saved", { time: save.at.toLocaleTimeString() })}
        {save.kind === "failed" && t("failed")}
      </p>
      {isReady && (
        <iframe
          ref={frame}
          src={launchUrl}
          title={title}
          className="h-[70vh] min-h-[480px] w-full rounded-xl border border-slate-300 bg-white"
        />
      )}
    </div>
  );
}
