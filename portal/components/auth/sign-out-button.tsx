"use client";
import { signOut } from "next-auth/react";

export function SignOutButton({ label }: { label: string }) {
  return (
    <button
      type="button"
      onClick={() => signOut({ callbackUrl: "/" })}
      className="rounded bg-slate-100 px-3 py-2 text-slate-900 hover:bg-slate-200"
    >
      {label}
    </button>
  );
}
