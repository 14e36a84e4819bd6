"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";

async function send(url: string, init: RequestInit): Promise<string | null> {
  const response = await fetch(url, { ...init, headers: { "content-type": "application/json" } });
  if (response.ok) return null;
  const body = await response.json().catch(() => ({}));
  return body.error?.message ?? `Failed (${response.status})`;
}

export function BudgetForm() {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function submit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const failed = await send("/api/v1/budgets", { method: "POST", body: JSON.stringify(Object.fromEntries(form)) });
    setError(failed);
    if (!failed) {
      (event.target as HTMLFormElement).reset();
      router.refresh();
    }
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label="New budget">
      <select name="scope" aria-label="Scope" defaultValue="feature">
        <option value="feature">Feature</option>
        <option value="team">Team</option>
      </select>
      <input name="key" aria-label="Feature or team" placeholder="card-payments" required />
      <input name="monthlyAmount" aria-label="Monthly budget (USD)" placeholder="12000" required inputMode="decimal" />
      <select name="metric" aria-label="Metric" defaultValue="effective">
        <option value="effective">effective cost</option>
        <option value="billed">billed cost</option>
      </select>
      <label className="check">
        alert at <input name="thresholdPercent" aria-label="Threshold percent" defaultValue="80" size={3} />%
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

export function DeleteBudget({ id, label }: { id: string; label: string }) {
  const router = useRouter();
  return (
    <button
      type="button"
      className="button button-quiet"
      aria-label={`Delete the budget of ${label}`}
      onClick={async () => {
        if (!(await send(`/api/v1/budgets/${id}`, { method: "DELETE" }))) router.refresh();
      }}
    >
      Delete
    </button>
  );
}
