"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { BudgetKeys } from "@/lib/features/list-budget-keys";
import styles from "./budgets.module.css";

export async function send(url: string, init: RequestInit): Promise<string | null> {
  const response = await fetch(url, { ...init, headers: { "content-type": "application/json" } });
  if (response.ok) return null;
  const body = await response.json().catch(() => ({}));
  return body.error?.message ?? `Failed (${response.status})`;
}

/** A new budget: its key is chosen from the features and teams Vigil knows, every field labelled. */
export function BudgetForm({ keys }: { keys: BudgetKeys }) {
  const router = useRouter();
  const [scope, setScope] = useState<"feature" | "team">("feature");
  const [error, setError] = useState<string | null>(null);
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const failed = await send("/api/v1/budgets", {
      method: "POST",
      body: JSON.stringify(Object.fromEntries(new FormData(form))),
    });
    setError(failed);
    if (!failed) {
      form.reset();
      setScope("feature");
      router.refresh();
    }
  }
  return (
    <form className={styles.form} onSubmit={submit} aria-label="New budget">
      <label>
        Scope
        <select name="scope" value={scope} onChange={(event) => setScope(event.target.value as "feature" | "team")}>
          <option value="feature">Feature</option>
          <option value="team">Team</option>
        </select>
      </label>
      <KeySelect scope={scope} keys={keys} />
      <label>
        Monthly budget (USD)
        <input name="monthlyAmount" placeholder="12000" required inputMode="decimal" />
      </label>
      <label>
        Metric
        <select name="metric" defaultValue="effective">
          <option value="effective">Effective cost</option>
          <option value="billed">Billed cost</option>
        </select>
      </label>
      <label>
        Alert at (% of budget)
        <input name="thresholdPercent" defaultValue="80" inputMode="numeric" size={4} />
      </label>
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
    <label>
      {scope === "feature" ? "Feature" : "Team"}
      <select name="key" key={scope} required defaultValue="">
        <option value="" disabled>
          {options.length ? `Choose a ${scope}` : `No ${scope}s known yet`}
        </option>
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.text}
          </option>
        ))}
      </select>
    </label>
  );
}
