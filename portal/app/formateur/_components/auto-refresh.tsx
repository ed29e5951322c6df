"use client";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";

/**
 * Re-renders the page from the server every `seconds`, so that a trainer sees logons as they
 * happen. Skipped while someone types in a form or the tab is hidden: nothing typed is lost.
 */
export function AutoRefresh({ seconds, label }: { seconds: number; label: string }) {
  const router = useRouter();
  const [at, setAt] = useState<string>("");
  useEffect(() => {
    const timer = setInterval(() => {
      const active = document.activeElement;
      if (document.hidden || active?.closest("form")) return;
      router.refresh();
      setAt(
        new Date().toLocaleTimeString("fr-FR", { hour: "2-digit", minute: "2-digit", second: "2-digit" }),
      );
    }, seconds * 1000);
    return () => clearInterval(timer);
  }, [router, seconds]);
  return (
    <p className="text-sm text-slate-600">
      {label}
      {at && ` (${at})`}
    </p>
  );
}
