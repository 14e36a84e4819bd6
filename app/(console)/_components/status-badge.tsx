"use client";

import { useQuery } from "@tanstack/react-query";
import type { Health } from "@/lib/health/get-health";

async function fetchHealth(): Promise<Health> {
  const response = await fetch("/api/health", { cache: "no-store" });
  return (await response.json()) as Health;
}

/** Live connection state, polled every 15 s so a stopped database shows without a reload. */
export function StatusBadge() {
  const { data, isError } = useQuery({ queryKey: ["health"], queryFn: fetchHealth, refetchInterval: 15_000 });
  const ok = data?.status === "ok" && !isError;
  const degraded = data?.status === "degraded" && !isError;
  const label =
    !data && !isError
      ? "checking"
      : ok
        ? `${data.database} database ok`
        : degraded
          ? "degraded"
          : "database unavailable";
  return (
    <span
      className={ok ? "badge badge-ok" : "badge badge-warn"}
      data-testid="status-badge"
      title={degraded ? data.reason : undefined}
    >
      <span className="dot" aria-hidden />
      {label}
    </span>
  );
}
