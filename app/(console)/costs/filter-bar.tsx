"use client";

import { useId, useState } from "react";
import { GROUP_LABELS as LABELS } from "@/lib/attribution/group-labels";
import type { GroupKey } from "@/lib/attribution/schemas";
import { reservedLabel } from "@/lib/attribution/reserved-keys";
import { type CostsView, withFilter, withoutFilter } from "./costs-href";
import styles from "./costs.module.css";
import { useGoToView, ViewLink } from "./view-transition";

/** The filters in force as removable chips, and a form to add one: all of them apply at once. */
export function CostFilterBar({ view }: { view: CostsView }) {
  const active = (Object.keys(LABELS) as GroupKey[]).filter((key) => view.filters[key] !== undefined);
  return (
    <div className={styles.filters} data-testid="cost-filters">
      {active.map((key) => (
        <span key={key} className={styles.chip} data-testid={`filter-${key}`}>
          <span className={styles.chipValue} title={view.filters[key]}>
            {LABELS[key]} = <strong>{reservedLabel(view.filters[key] ?? "")}</strong>
          </span>
          <ViewLink
            href={withoutFilter(view, key)}
            className={styles.chipRemove}
            label={`Remove the filter ${LABELS[key]} = ${view.filters[key]}`}
          >
            ×
          </ViewLink>
        </span>
      ))}
      <AddFilter view={view} />
    </div>
  );
}

/** A dimension and a value, added to the filters in force. */
function AddFilter({ view }: { view: CostsView }) {
  const go = useGoToView();
  const [dimension, setDimension] = useState<GroupKey>("team");
  const [value, setValue] = useState("");
  const ids = { dimension: useId(), value: useId() };
  return (
    <form
      className={styles.addFilter}
      aria-label="Add a filter"
      onSubmit={(event) => {
        event.preventDefault();
        if (value.trim()) go(withFilter(view, dimension, value.trim()));
        setValue("");
      }}
    >
      <span className={styles.field}>
        <label htmlFor={ids.dimension}>Filter by</label>
        <select id={ids.dimension} value={dimension} onChange={(event) => setDimension(event.target.value as GroupKey)}>
          {Object.entries(LABELS).map(([key, label]) => (
            <option key={key} value={key}>
              {label}
            </option>
          ))}
        </select>
      </span>
      <span className={styles.field}>
        <label htmlFor={ids.value}>Value</label>
        <input
          id={ids.value}
          value={value}
          maxLength={500}
          onChange={(event) => setValue(event.target.value)}
          placeholder="payments"
        />
      </span>
      <button type="submit" className="button">
        Add filter
      </button>
    </form>
  );
}
