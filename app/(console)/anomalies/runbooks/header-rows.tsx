"use client";

import { useId } from "react";
import { type Errors, type HeaderRow, headerRow } from "./runbook-form-body";
import styles from "./runbooks.module.css";

function RowError({ id, part, error }: { id: string; part: string; error?: string }) {
  if (!error) return null;
  return (
    <span id={id} className={styles.rowError} role="alert" data-testid="field-error">
      {part} {error}
    </span>
  );
}

/** One header: its name, its value (masked when secret; "set" when the server holds it), remove. */
function Row({
  row,
  index,
  errors,
  change,
  remove,
}: {
  row: HeaderRow;
  index: number;
  errors: Errors;
  change: (row: HeaderRow) => void;
  remove: () => void;
}) {
  const id = useId();
  const nameError = errors[`headers.${index}.name`];
  const valueError = errors[`headers.${index}.value`] ?? errors[`headers.${index}.secret`];
  const keeps = row.secret && row.stored && row.value === "";
  // A stored secret made plain is not kept: its value has to be typed, or it would be sent blank.
  const unsealOrSeal = (secret: boolean) => change({ ...row, secret, stored: secret && row.stored });
  return (
    <div className={styles.headerRow} role="group" aria-label={`Header ${index + 1}`} data-testid="header-row">
      <input
        type="text"
        aria-label="Header name"
        placeholder="Authorization"
        value={row.name}
        maxLength={100}
        aria-invalid={nameError ? true : undefined}
        aria-describedby={nameError ? `${id}-name` : undefined}
        onChange={(e) => change({ ...row, name: e.target.value })}
      />
      <input
        type={row.secret ? "password" : "text"}
        aria-label="Header value"
        autoComplete="off"
        placeholder={keeps ? "set (type to replace)" : ""}
        value={row.value}
        maxLength={4000}
        aria-invalid={valueError ? true : undefined}
        aria-describedby={valueError ? `${id}-value` : undefined}
        onChange={(e) => change({ ...row, value: e.target.value })}
      />
      <label className={styles.secret}>
        <input type="checkbox" checked={row.secret} onChange={(e) => unsealOrSeal(e.target.checked)} />
        Secret
        {keeps && (
          <span className={styles.set} data-testid="secret-set">
            set
          </span>
        )}
      </label>
      <button type="button" className="button button-quiet" aria-label={`Remove header ${index + 1}`} onClick={remove}>
        Remove
      </button>
      <RowError id={`${id}-name`} part="Name" error={nameError} />
      <RowError id={`${id}-value`} part="Value" error={valueError} />
    </div>
  );
}

/** The header list: add and remove rows; secret values are sealed by the server and never shown again. */
export function HeaderRows({
  rows,
  errors,
  onChange,
}: {
  rows: HeaderRow[];
  errors: Errors;
  onChange: (rows: HeaderRow[]) => void;
}) {
  return (
    <div className={styles.headers}>
      {rows.length === 0 && <p className={styles.note}>No headers. Vigil sends Content-Type: application/json.</p>}
      {rows.map((row, index) => (
        <Row
          key={row.key}
          row={row}
          index={index}
          errors={errors}
          change={(next) => onChange(rows.map((old) => (old.key === row.key ? next : old)))}
          remove={() => onChange(rows.filter((old) => old.key !== row.key))}
        />
      ))}
      {errors.headers && (
        <span className={styles.rowError} role="alert" data-testid="field-error">
          {errors.headers}
        </span>
      )}
      <div>
        <button
          type="button"
          className="button"
          disabled={rows.length >= 20}
          onClick={() => onChange([...rows, headerRow()])}
        >
          Add header
        </button>
      </div>
    </div>
  );
}
