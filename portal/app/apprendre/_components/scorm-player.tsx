"use client";
import { useRouter } from "next/navigation";
import { useFormatter, useTranslations } from "next-intl";
import { useEffect, useRef, useState } from "react";
import { z } from "zod";
import { markActive } from "./activity-tracker";

type Props = {
  scormVersion: "1.2" | "2004";
  launchUrl: string;
  commitUrl: string;
  startValues: Record<string, string>;
  title: string;
};
type SaveState = { kind: "idle" } | { kind: "saved"; at: Date } | { kind: "failed"; at: Date };
type Runtime = Record<string, (...args: string[]) => string> & {
  getFlattenedCMI(): Record<string, unknown>;
};

/** The runtime's values that the page's status badges are drawn from, by SCORM version. */
const statusKeys = [
  "cmi.core.lesson_status",
  "cmi.completion_status",
  "cmi.success_status",
  "cmi.core.score.raw",
  "cmi.score.raw",
  "cmi.score.scaled",
];

function statusOf(params: unknown): string {
  const values = (params ?? {}) as Record<string, unknown>;
  return statusKeys.map((key) => String(values[key] ?? "")).join("|");
}

/** What the bridge may ask: the runtime's own method for each call, by SCORM version. */
const methods = {
  "1.2": {
    Initialize: "LMSInitialize",
    SetValue: "LMSSetValue",
    Commit: "LMSCommit",
    Terminate: "LMSFinish",
  },
  "2004": { Initialize: "Initialize", SetValue: "SetValue", Commit: "Commit", Terminate: "Terminate" },
} as const;
const bridgeMessageSchema = z.union([
  z.object({ tremplinScorm: z.literal(1), activity: z.literal(true) }),
  z.object({
    tremplinScorm: z.literal(1),
    id: z.number().int(),
    method: z.enum(["Initialize", "SetValue", "Commit", "Terminate"]),
    args: z.array(z.string().max(70_000)).max(2),
  }),
]);
/** Sandbox flags of the package frame: never allow-same-origin nor allow-top-navigation. */
const sandboxFlags = "allow-scripts allow-forms allow-popups allow-modals allow-downloads";

/**
 * The SCORM runtime (scorm-again) in this window, the package below it in a sandboxed frame
 * whose origin is opaque (server/scorm/serve-content.ts): the package cannot reach this page,
 * so its pages carry a bridge (server/scorm/scorm-bridge.ts) that answers the SCO from a copy
 * of the runtime's values, handed over in the frame's name, and forwards Initialize, SetValue,
 * Commit and Terminate here by postMessage. Only messages from the frame's own window count.
 * Every Commit / Terminate is a synchronous POST: the runtime takes it as stored only when
 * the portal replied that the data is stored (HTTP 200 with `stored: true`). A sign-in page, a
 * proxy error or a lost connection are all "false", and the learner sees that the save failed.
 */
export function ScormPlayer({ scormVersion, launchUrl, commitUrl, startValues, title }: Props) {
  const t = useTranslations("player.scorm");
  const format = useFormatter();
  // In a ref: the runtime's effect must not restart when the router object changes.
  const router = useRef(useRouter());
  const frame = useRef<HTMLIFrameElement>(null);
  const [seed, setSeed] = useState<string | undefined>();
  const runtime = useRef<Runtime | undefined>(undefined);
  const [save, setSave] = useState<SaveState>({ kind: "idle" });
  // The values the page was rendered with: a later refresh of the page must not reset the runtime.
  const [initial] = useState(startValues);
  // A refresh renders a new launch ticket: the frame keeps the one it was opened with.
  const [launch] = useState(launchUrl);

  useEffect(() => {
    const launchId = crypto.randomUUID();
    const url = `${commitUrl}?launch=${launchId}`;
    let shownStatus = statusOf(initial);
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
          const status = statusOf(params);
          if (stored && status !== shownStatus) {
            shownStatus = status;
            // After this synchronous call has returned to the SCO.
            setTimeout(() => router.current.refresh(), 0);
          }
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
    let isCancelled = false;
    // Loaded on demand: the runtime is only needed on SCORM pages.
    void import("scorm-again").then(({ Scorm12API, Scorm2004API }) => {
      if (isCancelled) return;
      const api = scormVersion === "1.2" ? new Scorm12API(settings) : new Scorm2004API(settings);
      api.loadFromFlattenedJSON(initial, "");
      runtime.current = api as unknown as Runtime;
      // The frame reads this synchronously at start (scorm-bridge.ts): the SCO's first GetValue
      // may come before any message could.
      setSeed(
        JSON.stringify({ tremplinScorm: 1, version: scormVersion, values: api.getFlattenedCMI(), state: 0 }),
      );
    });
    return () => {
      isCancelled = true;
      runtime.current = undefined;
    };
  }, [scormVersion, commitUrl, initial]);

  useEffect(() => {
    const onMessage = (event: MessageEvent) => {
      // The frame's origin is opaque ("null"): its window is what identifies it.
      const source = frame.current?.contentWindow;
      if (!source || event.source !== source) return;
      const message = bridgeMessageSchema.safeParse(event.data);
      if (!message.success) return;
      markActive();
      const api = runtime.current;
      if (!api || "activity" in message.data) return;
      const { id, method, args } = message.data;
      const name = methods[scormVersion][method];
      const result = String(api[name]!(...(method === "SetValue" ? args.slice(0, 2) : [""])));
      const error = String(api[scormVersion === "1.2" ? "LMSGetLastError" : "GetLastError"]!());
      // "*": an opaque origin cannot be named as a target; the reply goes to that window only.
      source.postMessage({ tremplinScorm: 1, id, result, error }, "*");
    };
    window.addEventListener("message", onMessage);
    return () => window.removeEventListener("message", onMessage);
  }, [scormVersion]);

  return (
    <div className="space-y-3">
      <p
        role="status"
        aria-live="polite"
        className={`text-sm font-medium ${save.kind === "failed" ? "text-red-700" : "text-slate-700"}`}
      >
        {save.kind === "saved" && t("saved", { time: format.dateTime(save.at, { timeStyle: "medium" }) })}
        {save.kind === "failed" && t("failed")}
      </p>
      {seed && (
        <iframe
          ref={frame}
          src={launch}
          name={seed}
          sandbox={sandboxFlags}
          title={title}
          className="h-[70vh] min-h-[480px] w-full rounded-xl border border-slate-300 bg-white"
        />
      )}
    </div>
  );
}
