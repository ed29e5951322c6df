import "server-only";
import type { Db } from "@tremplin/db/client";
import { certificateQueueState } from "@tremplin/db/queries/certificates";
import { listFleetKiosks, listSitesAndRooms } from "@tremplin/db/queries/fleet";
import { listModulesAwaitingPackage } from "@tremplin/db/queries/home";
import { lastRunBySession, listSessionsToProvision } from "@tremplin/db/queries/provisioning";
import { type KioskStatus, type KioskWarning, kioskStatus, kioskWarningsOf } from "@tremplin/domain/fleet";
import type { Actor } from "@/server/audit/actor";
import { assertItAdmin } from "@/server/auth/assert-it-admin";
import { roomsTomorrow } from "@/server/fleet/get-fleet-health";
import { snapshotOf } from "@/server/fleet/kiosk-snapshot";

/** Accounts are due this many days ahead: the provisioning CLI's default window (`--days 7`). */
const provisioningDays = 7;
/** Lines listed under an alert; its count and its link say the rest. */
const listed = 5;

export type PostToWatch = {
  label: string;
  roomName: string;
  siteName: string;
  status: KioskStatus;
  warnings: KioskWarning[];
};
export type RoomNotReady = { roomName: string; siteName: string; reason: string };
export type SessionToProvision = {
  id: string;
  trainingTitle: string;
  startsAt: Date;
  lastStatus: string | null;
};
export type ModuleAwaitingPackage = { id: string; title: string; trainingTitle: string };

export type ItAlerts = {
  posts: { count: number; items: PostToWatch[] };
  rooms: { count: number; items: RoomNotReady[] };
  provisioning: { count: number; items: SessionToProvision[] };
  content: { count: number; modules: ModuleAwaitingPackage[]; failingCertificateJobs: number };
  /** Nothing above needs a look: the home says "Rien à signaler". */
  isQuiet: boolean;
};

/**
 * IT's home: what needs a look today, each kind of alert read as its own page reads it (the
 * fleet page's states and tomorrow's rooms, the provisioning page's sessions and runs, the
 * content and certificate pages' errors), so the home never disagrees with the page it links to.
 */
export async function getItAlerts(db: Db, input: { actor: Actor; now: Date }): Promise<ItAlerts> {
  assertItAdmin(input.actor);
  const { now } = input;
  const [kiosks, places, sessions, modules, queue] = await Promise.all([
    listFleetKiosks(db),
    listSitesAndRooms(db),
    listSessionsToProvision(db, {
      now,
      startsBefore: new Date(now.getTime() + provisioningDays * 86_400_000),
    }),
    listModulesAwaitingPackage(db, listed),
    certificateQueueState(db),
  ]);
  const [rooms, lastRuns] = await Promise.all([
    roomsTomorrow(db, kiosks, places, now),
    lastRunBySession(
      db,
      sessions.filter((s) => s.enrolled > 0).map((s) => s.id),
    ),
  ]);
  // Silent or warned posts; one registered but never heard from is still being set up (the
  // rooms page follows those), and tomorrow's rooms count it anyway.
  const posts = kiosks.flatMap((k): PostToWatch[] => {
    const snapshot = snapshotOf(k);
    const status = kioskStatus(snapshot, now);
    const warnings = kioskWarningsOf(snapshot);
    if (status !== "offline" && status !== "stale" && warnings.length === 0) return [];
    return [{ label: k.label, roomName: k.roomName, siteName: k.siteName, status, warnings }];
  });
  const notReady = rooms.flatMap((r): RoomNotReady[] =>
    r.readiness.state === "ready"
      ? []
      : [{ roomName: r.roomName, siteName: r.siteName, reason: r.readiness.reasons[0] ?? "" }],
  );
  // Due: trainees seated and no run that went through (never run, or the last one failed or
  // stopped half-way: "partial" leaves accounts missing).
  const due = sessions.flatMap((s): SessionToProvision[] => {
    if (s.enrolled === 0) return [];
    const last = lastRuns.get(s.id);
    if (last?.status === "succeeded") return [];
    return [
      {
        id: s.id,
        trainingTitle: s.trainingTitle,
        startsAt: s.startsAt,
        lastStatus: last?.status ?? null,
      },
    ];
  });
  const content = {
    count: modules[0]?.total ?? 0,
    modules: modules.map((m) => ({ id: m.id, title: m.title, trainingTitle: m.trainingTitle })),
    failingCertificateJobs: queue.failing,
  };
  return {
    posts: { count: posts.length, items: posts.slice(0, listed) },
    rooms: { count: notReady.length, items: notReady.slice(0, listed) },
    provisioning: { count: due.length, items: due.slice(0, listed) },
    content,
    isQuiet:
      posts.length +
        notReady.length +
        due.length +
        content.modules.length +
        content.failingCertificateJobs ===
      0,
  };
}
