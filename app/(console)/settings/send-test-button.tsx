"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import { useHydrated } from "../_components/use-hydrated";
import styles from "./notifications.module.css";

interface Outcome {
  outcome: "sent" | "retry" | "failed";
  status: number | null;
  error: string | null;
  durationMs: number;
}

function describe(result: Outcome): string {
  if (result.outcome === "sent")
    return `Delivered${result.status ? ` (${result.status})` : ""} in ${result.durationMs} ms`;
  return `Failed: ${result.error ?? `status ${result.status}`}`;
}

/** Sends a test notice to the channel now and shows the attempt's outcome; the log and state then refresh. */
export function SendTestButton({ channelId, channelName }: { channelId: string; channelName: string }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; text: string } | null>(null);
  // Disabled until hydrated: a click before React is attached would do nothing.
  const ready = useHydrated();

  async function sendTest() {
    setBusy(true);
    setResult(null);
    try {
      const response = await fetch(`/api/v1/notifications/channels/${channelId}/test`, { method: "POST" });
      const body = (await response.json()) as unknown;
      if (!response.ok) {
        const message = (body as { error?: { message?: string } }).error?.message;
        setResult({ ok: false, text: message ?? `Request failed (${response.status})` });
      } else setResult({ ok: (body as Outcome).outcome === "sent", text: describe(body as Outcome) });
      router.refresh();
    } catch {
      setResult({ ok: false, text: "Could not reach Vigil" });
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className={styles.test}>
      <button
        type="button"
        className="button"
        onClick={sendTest}
        disabled={busy || !ready}
        aria-label={`Send a test notification to ${channelName}`}
        data-testid="send-test"
      >
        {busy ? "Sending…" : "Send test"}
      </button>
      {result ? (
        <span role="status" className={result.ok ? styles.resultOk : styles.resultBad} title={result.text}>
          {result.text}
        </span>
      ) : null}
    </div>
  );
}
