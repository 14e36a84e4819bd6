"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { type ReactNode, useEffect, useRef, useState } from "react";
import { AreaSkeleton } from "./skeleton";

type Pending = { from: string; to: string; newPage: boolean } | null;

/** Where a left click on a same-origin link would take the app, or null for a click it does not handle. */
function destination(event: MouseEvent): URL | null {
  if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return null;
  const link = (event.target as Element | null)?.closest?.("a[href]") as HTMLAnchorElement | null;
  if (!link || (link.target && link.target !== "_self") || link.hasAttribute("download")) return null;
  const url = new URL(link.href, window.location.href);
  if (url.origin !== window.location.origin || url.pathname.startsWith("/api/")) return null;
  return url;
}

/**
 * A thin bar at the top from a link click until the address changes, and for a new page (not just
 * a new window or grouping of the same one) that page's skeleton in place of the old one meanwhile.
 */
export function NavigationPending({ children }: { children: ReactNode }) {
  const pathname = usePathname();
  const at = `${pathname}?${useSearchParams()}`;
  const [pending, setPending] = useState<Pending>(null);
  const [arrivals, setArrivals] = useState(0);
  const here = useRef(at);
  useEffect(() => {
    here.current = at;
  }, [at]);
  // The address changed since the click: the next page is here.
  if (pending && pending.from !== at) {
    setPending(null);
    setArrivals(arrivals + 1);
  }
  useEffect(() => {
    const onClick = (event: MouseEvent) => {
      const url = destination(event);
      if (!url || `${url.pathname}?${url.searchParams}` === here.current) return;
      setPending({ from: here.current, to: url.pathname, newPage: url.pathname !== here.current.split("?")[0] });
    };
    document.addEventListener("click", onClick, true);
    return () => document.removeEventListener("click", onClick, true);
  }, []);
  useEffect(() => {
    if (!pending) return;
    // A navigation that never lands (an error, the same address) must not leave the skeleton up.
    const timer = window.setTimeout(() => setPending(null), 15_000);
    return () => window.clearTimeout(timer);
  }, [pending]);
  return (
    <>
      <div
        key={pending ? `run-${arrivals}` : `done-${arrivals}`}
        className={pending ? "progress running" : arrivals > 0 ? "progress done" : "progress"}
        data-testid="navigation-progress"
        aria-hidden
      />
      {pending?.newPage && <AreaSkeleton pathname={pending.to} />}
      <div className={pending?.newPage ? "pending-hidden" : "pending-shown"}>{children}</div>
    </>
  );
}
