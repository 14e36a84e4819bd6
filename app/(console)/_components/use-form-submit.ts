"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

/**
 * A form that POSTs JSON to the API: busy while it waits, the API's message (or the status) as the
 * error, and on success `done` then a refresh, so the server components show the new row.
 */
export function useFormSubmit() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function submit(url: string, body: unknown, done?: () => void): Promise<void> {
    setBusy(true);
    setError(null);
    const response = await fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    }).catch(() => null);
    const answer = await response?.json().catch(() => ({}));
    setBusy(false);
    if (!response?.ok) {
      setError(answer?.error?.message ?? `Failed (${response?.status ?? "network error"})`);
      return;
    }
    done?.();
    router.refresh();
  }
  return { error, busy, submit };
}
