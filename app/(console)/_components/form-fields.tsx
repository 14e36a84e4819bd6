"use client";

import { type ReactNode, useId } from "react";
import styles from "./form-fields.module.css";
import { useHydrated } from "./use-hydrated";

/**
 * A labelled control with its hint and, when the API refused it, the reason right under it (tied to
 * the control by aria-describedby so a screen reader reads it with the field).
 */
export function Field({
  label,
  hint,
  error,
  wide,
  children,
}: {
  label: string;
  hint?: string;
  error?: string;
  wide?: boolean;
  children: (props: { id: string; "aria-describedby"?: string; "aria-invalid"?: boolean }) => ReactNode;
}) {
  const id = useId();
  const described = [hint && `${id}-hint`, error && `${id}-error`].filter(Boolean).join(" ") || undefined;
  return (
    <div className={wide ? `${styles.field} ${styles.wide}` : styles.field}>
      <label htmlFor={id}>{label}</label>
      {children({ id, "aria-describedby": described, "aria-invalid": error ? true : undefined })}
      {hint && (
        <span id={`${id}-hint`} className={styles.hint}>
          {hint}
        </span>
      )}
      {error && (
        <span id={`${id}-error`} className={styles.error} role="alert" data-testid="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** A checkbox with its label beside it, and its error under it. */
export function Check({
  label,
  checked,
  onChange,
  error,
}: {
  label: string;
  checked: boolean;
  onChange: (checked: boolean) => void;
  error?: string;
}) {
  return (
    <div className={styles.check}>
      <label>
        <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} /> {label}
      </label>
      {error && (
        <span className={styles.error} role="alert" data-testid="field-error">
          {error}
        </span>
      )}
    </div>
  );
}

/** A select of [value, text] options. */
export function Options({ options }: { options: readonly (readonly [string, string])[] }) {
  return (
    <>
      {options.map(([value, text]) => (
        <option key={value} value={value}>
          {text}
        </option>
      ))}
    </>
  );
}

export function Fieldset({ legend, children }: { legend: string; children: ReactNode }) {
  return (
    <fieldset className={styles.fieldset}>
      <legend>{legend}</legend>
      <div className={styles.grid}>{children}</div>
    </fieldset>
  );
}

/** A form's end: its error that names no field, then submit and (when given) Cancel. */
export function FormEnd({
  error,
  submit,
  busy,
  onCancel,
}: {
  error?: string;
  submit: string;
  busy: boolean;
  onCancel?: () => void;
}) {
  const ready = useHydrated();
  return (
    <>
      {error && (
        <p className="form-error" role="alert" data-testid="form-error">
          {error}
        </p>
      )}
      <div className={styles.actions}>
        <button type="submit" className="button button-primary" disabled={busy || !ready}>
          {busy ? "Saving…" : submit}
        </button>
        {onCancel && (
          <button type="button" className="button" onClick={onCancel}>
            Cancel
          </button>
        )}
      </div>
    </>
  );
}
