"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { sendJson } from "../_components/send-json";
import styles from "./zombies.module.css";

interface LastScan {
  scannedAt: string;
  result: { resources?: number; found?: number; new?: number; verified?: number };
}

const when = (iso: string) => `${iso.slice(0, 16).replace("T", " ")} UTC`;

/** When the worker last scanned and what it found, and "Scan now" for those who decide. */
export function ScanBar({ last, canScan }: { last: LastScan | null; canScan: boolean }) {
  const router = useRouter();
  const scan = useMutation({
    mutationFn: () => sendJson<LastScan["result"]>("/api/v1/zombies/scan", "POST"),
    onSuccess: () => router.refresh(),
  });
  const r = last?.result;
  return (
    <p className={styles.scanBar} data-testid="scan-bar">
      <span>
        {last
          ? `Last scan ${when(last.scannedAt)}: ${r?.resources ?? 0} resources, ${r?.found ?? 0} findings (${r?.new ?? 0} new, ${r?.verified ?? 0} verified).`
          : "No scan yet."}{" "}
        Scans run within a minute of an import and at least hourly.
      </span>
      {canScan && (
        <button type="button" onClick={() => scan.mutate()} disabled={scan.isPending}>
          {scan.isPending ? "Scanning…" : "Scan now"}
        </button>
      )}
      {scan.error && <span role="alert">{scan.error.message}</span>}
    </p>
  );
}
