"use client";

import { SERIES_NAMES } from "@/lib/anomalies/schemas";
import { Check, Field, Fieldset } from "../../_components/form-fields";
import { SERIES_LABELS } from "../anomaly-format";
import { HeaderRows } from "./header-rows";
import type { Errors, RunbookFormValues } from "./runbook-form-body";
import styles from "./runbooks.module.css";

export type Set = <K extends keyof RunbookFormValues>(key: K, value: RunbookFormValues[K]) => void;
type Part = { values: RunbookFormValues; set: Set; errors: Errors };
type TextKey = "name" | "url" | "services" | "environments";

function Text({
  part,
  name,
  label,
  hint,
  max,
}: {
  part: Part;
  name: TextKey;
  label: string;
  hint?: string;
  max: number;
}) {
  return (
    <Field label={label} hint={hint} error={part.errors[name]} wide={name === "url"}>
      {(p) => (
        <input
          {...p}
          name={name}
          value={part.values[name]}
          maxLength={max}
          onChange={(e) => part.set(name, e.target.value)}
        />
      )}
    </Field>
  );
}

/** The call: its name, what it does, and where it goes. */
export function CallFields(part: Part) {
  return (
    <Fieldset legend="The call">
      <Text part={part} name="name" label="Name" hint="unique; shown on the anomaly page" max={100} />
      <Field label="Method" error={part.errors.method}>
        {(p) => (
          <select
            {...p}
            name="method"
            value={part.values.method}
            onChange={(e) => part.set("method", e.target.value as "POST" | "PUT")}
          >
            <option value="POST">POST</option>
            <option value="PUT">PUT</option>
          </select>
        )}
      </Field>
      <Text
        part={part}
        name="url"
        label="URL"
        hint="your automation's http(s) endpoint; private addresses only where VIGIL_NOTIFY_ALLOW_PRIVATE allows"
        max={2000}
      />
      <Field label="Description" error={part.errors.description} wide>
        {(p) => (
          <textarea
            {...p}
            name="description"
            className={styles.describe}
            value={part.values.description}
            maxLength={2000}
            onChange={(e) => part.set("description", e.target.value)}
          />
        )}
      </Field>
    </Fieldset>
  );
}

export function HeaderFields({ values, set, errors }: Part) {
  return (
    <Fieldset legend="Headers">
      <HeaderRows rows={values.headers} errors={errors} onChange={(rows) => set("headers", rows)} />
      <p className={styles.note}>
        A secret value is stored encrypted and never shown again: it reads &ldquo;set&rdquo;, and stays as it is unless
        you type a new one.
      </p>
    </Fieldset>
  );
}

export function BodyField({ values, set, errors }: Part) {
  return (
    <Fieldset legend="Body">
      <Field
        label="JSON body template (Mustache)"
        hint="{{service}}, {{environment}}, {{severity}}, {{series}}, {{score}}, {{start}}, {{url}}…, {{slo}} for SLO alerts; values are JSON-escaped, so put text ones inside quotes"
        error={errors.bodyTemplate}
        wide
      >
        {(p) => (
          <textarea
            {...p}
            name="bodyTemplate"
            className={styles.template}
            spellCheck={false}
            value={values.bodyTemplate}
            maxLength={65_536}
            onChange={(e) => set("bodyTemplate", e.target.value)}
          />
        )}
      </Field>
    </Fieldset>
  );
}

/** What it answers: anomaly series and SLO alerts, of which services, in which environments; and auto-run. */
export function AttachFields(part: Part) {
  const { values, set, errors } = part;
  const toggle = (series: string, on: boolean) =>
    set("series", on ? [...values.series, series] : values.series.filter((s) => s !== series));
  return (
    <Fieldset legend="Answers">
      <div className={styles.choices} role="group" aria-label="Anomaly series">
        {SERIES_NAMES.map((series) => (
          <label key={series}>
            <input
              type="checkbox"
              checked={values.series.includes(series)}
              onChange={(e) => toggle(series, e.target.checked)}
            />
            {SERIES_LABELS[series]} anomalies
          </label>
        ))}
        <label>
          <input type="checkbox" checked={values.sloAlerts} onChange={(e) => set("sloAlerts", e.target.checked)} />
          SLO alerts
        </label>
      </div>
      {(errors.series ?? errors.sloAlerts) && (
        <span className={styles.rowError} role="alert" data-testid="field-error">
          {errors.series ?? errors.sloAlerts}
        </span>
      )}
      <Text part={part} name="services" label="Services" hint="comma-separated; empty: every service" max={20_000} />
      <Text
        part={part}
        name="environments"
        label="Environments"
        hint="comma-separated; empty: every environment"
        max={4_000}
      />
      <div className={styles.note}>
        <Check
          label="Run without approval (auto-run)"
          checked={values.autoRun}
          onChange={(checked) => set("autoRun", checked)}
          error={errors.autoRun}
        />
        Only for non-production environments (staging, test, dev), listed above: in production, or anywhere not known to
        be non-production, a run always waits for a second person to approve it.
      </div>
    </Fieldset>
  );
}
