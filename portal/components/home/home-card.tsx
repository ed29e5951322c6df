import Link from "next/link";
import type { ReactNode } from "react";
import { buttonClass } from "@/components/button";
import { TitledSection } from "@/components/titled-section";

/** One block of the signed-in home: a titled card, and where to see all of it. */
export function HomeCard({
  id,
  title,
  more,
  isWide = false,
  children,
}: {
  id: string;
  title: string;
  /** Across the whole grid on a wide screen (IT's alerts, which list side by side). */
  isWide?: boolean;
  more?: { href: string; label: string } | undefined;
  children: ReactNode;
}) {
  return (
    <TitledSection
      id={id}
      title={title}
      size="md"
      className={`min-w-0 rounded-xl border border-slate-200 bg-white p-5 shadow-sm ${isWide ? "lg:col-span-2" : ""}`}
    >
      <div className="mt-3">{children}</div>
      {more && (
        <p className="mt-4">
          <Link href={more.href} className="font-medium text-brand-700 underline underline-offset-2">
            {more.label}
          </Link>
        </p>
      )}
    </TitledSection>
  );
}

/** What a block says when it has nothing to list. */
export function Empty({ children }: { children: ReactNode }) {
  return <p className="text-slate-700">{children}</p>;
}

/** A block's list, one line per item drawn by `children`, or `empty` when there is none. */
export function HomeList<Item>({
  items,
  empty,
  children,
}: {
  items: readonly Item[];
  empty: string;
  children: (item: Item) => ReactNode;
}) {
  if (items.length === 0) return <Empty>{empty}</Empty>;
  return <ul>{items.map(children)}</ul>;
}

/** Where a session takes place: its room and site, or `remote` when it has none. */
export function PlaceLine({
  at,
  remote,
}: {
  at: { roomName: string | null; siteName: string | null };
  remote: string;
}) {
  return <p className="text-slate-700">{at.roomName ? `${at.roomName} · ${at.siteName}` : remote}</p>;
}

/** A line of a block's list: its own text wraps, long names included. */
export const lineClass = "border-t border-slate-100 py-3 first:border-t-0 first:pt-0 break-words";

/**
 * A line of a block's list with its action on the right, or below it on a phone: the text keeps
 * 12rem at least before the button wraps under it.
 */
export function ActionLine({
  action,
  children,
}: {
  action: { href: string; label: string; ariaLabel: string; isPrimary?: boolean };
  children: ReactNode;
}) {
  return (
    <li className={`${lineClass} flex flex-wrap items-center gap-x-4 gap-y-2`}>
      <div className="min-w-[12rem] flex-1">{children}</div>
      <Link
        href={action.href}
        aria-label={action.ariaLabel}
        className={
          action.isPrimary
            ? buttonClass()
            : "rounded-lg border border-brand-700 px-3 py-1.5 font-semibold text-brand-700 hover:bg-brand-50"
        }
      >
        {action.label}
      </Link>
    </li>
  );
}
