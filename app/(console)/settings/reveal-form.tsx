"use client";

import { type ReactNode, useState } from "react";
import { useHydrated } from "../_components/use-hydrated";
import styles from "./notifications.module.css";

/** A button that opens a form above its list; the form closes itself (saved or cancelled) through `close`. */
export function RevealForm({ label, children }: { label: string; children: (close: () => void) => ReactNode }) {
  const [open, setOpen] = useState(false);
  const ready = useHydrated();
  if (!open)
    return (
      <div className={styles.reveal}>
        <button type="button" className="button button-primary" onClick={() => setOpen(true)} disabled={!ready}>
          {label}
        </button>
      </div>
    );
  return <div className={styles.editor}>{children(() => setOpen(false))}</div>;
}
