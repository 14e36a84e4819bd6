"use client";

import { type ReactNode, useId, useState } from "react";
import { useFormSubmit } from "@/app/(console)/_components/use-form-submit";
import type { BudgetKeys } from "@/lib/features/list-budget-keys";
import styles from "./budgets.module.css";

/** A new budget: its key is chosen from the features and teams Vigil knows, every field labelled. */
export function BudgetForm({ keys }: { keys: BudgetKeys }) {
  const [scope, setScope] = useState<"feature" | "team">("feature");
  const { error, submit: send } = useFormSubmit();
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    await send("/api/v1/budgets", Object.fromEntries(new FormData(form)), () => {
      form.reset();
      setScope("feature");
    });
  }
  return (
    <form className={styles.form} onSubmit={submit} aria-label="New budget">
      <Field label="Scope">
        {(id) => (
          <select
            id={id}
            name="scope"
            value={scope}
            onChange={(event) => setScope(event.target.value as "feature" | "team")}
          >
            <option value="feature">Feature</option>
            <option value="team">Team</option>
          </select>
        )}
      </Field>
      <KeySelect scope={scope} keys={keys} />
      <Field label="Monthly budget (USD)">
        {(id) => <input id={id} name="monthlyAmount" placeholder="12000" required inputMode="decimal" />}
      </Field>
      <Field label="Metric">
        {(id) => (
          <select id={id} name="metric" defaultValue="effective">
            <option value="effective">Effective cost</option>
            <option value="billed">Billed cost</option>
          </select>
        )}
      </Field>
      <Field label="Alert at (% of budget)">
        {(id) => <input id={id} name="thresholdPercent" defaultValue="80" inputMode="numeric" size={4} />}
      </Field>
      <button className="button button-primary" type="submit">
        Add budget
      </button>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </form>
  );
}

/** The budget's key, from the features or teams Vigil knows, never free text. */
function KeySelect({ scope, keys }: { scope: "feature" | "team"; keys: BudgetKeys }) {
  const options =
    scope === "feature"
      ? keys.features.map((feature) => ({
          value: feature.key,
          text: feature.name ? `${feature.name} (${feature.key})` : feature.key,
        }))
      : keys.teams.map((team) => ({ value: team, text: team }));
  return (
    <Field label={scope === "feature" ? "Feature" : "Team"}>
      {(id) => (
        <select id={id} name="key" key={scope} required defaultValue="">
          <option value="" disabled>
            {options.length ? `Choose a ${scope}` : `No ${scope}s known yet`}
          </option>
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.text}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** A visible label tied to its control by id: a select's options never become part of its label. */
function Field({ label, children }: { label: string; children: (id: string) => ReactNode }) {
  const id = useId();
  return (
    <div className={styles.field}>
      <label htmlFor={id}>{label}</label>
      {children(id)}
    </div>
  );
}
