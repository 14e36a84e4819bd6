"use client";

import { CHANNEL_KINDS, type ChannelKind, SEVERITIES, type Severity } from "@/lib/notifications/schemas";
import { Check, Field, Fieldset, Options } from "../_components/form-fields";
import fields from "../_components/form-fields.module.css";
import styles from "./notifications.module.css";
import { type ChannelErrors, type ChannelFormValues, KIND_LABEL, toggled } from "./channel-form-body";

export type Part = {
  values: ChannelFormValues;
  errors: ChannelErrors;
  set: <K extends keyof ChannelFormValues>(key: K, value: ChannelFormValues[K]) => void;
};
type TextKey = "url" | "secret" | "routingKey" | "to" | "services" | "teams";

function Text({
  part,
  name,
  label,
  hint,
  secret,
  maxLength = 2000,
}: {
  part: Part;
  name: TextKey;
  label: string;
  hint?: string;
  secret?: boolean;
  maxLength?: number;
}) {
  return (
    <Field label={label} hint={hint} error={part.errors[name]} wide={name === "url" || name === "to"}>
      {(p) => (
        <input
          {...p}
          name={name}
          type={secret ? "password" : "text"}
          autoComplete={secret ? "new-password" : "off"}
          value={part.values[name]}
          maxLength={maxLength}
          onChange={(e) => part.set(name, e.target.value)}
        />
      )}
    </Field>
  );
}

/** What the channel is: its kind (fixed once made), name, where it sends, and whether it is on. */
export function ChannelFields({ part, editing }: { part: Part; editing: boolean }) {
  const { values, errors, set } = part;
  return (
    <Fieldset legend="Channel">
      <Field label="Kind" error={errors.kind}>
        {(p) => (
          <select
            {...p}
            name="kind"
            value={values.kind}
            disabled={editing}
            onChange={(e) => set("kind", e.target.value as ChannelKind)}
          >
            <Options options={CHANNEL_KINDS.map((kind) => [kind, KIND_LABEL[kind]] as const)} />
          </select>
        )}
      </Field>
      <Field label="Name" error={errors.name}>
        {(p) => (
          <input {...p} name="name" value={values.name} maxLength={100} onChange={(e) => set("name", e.target.value)} />
        )}
      </Field>
      <KindFields part={part} editing={editing} />
      <Check label="Enabled" checked={values.enabled} onChange={(on) => set("enabled", on)} error={errors.enabled} />
    </Fieldset>
  );
}

/** The fields the chosen kind needs; on an edit, a secret left empty keeps the one stored. */
function KindFields({ part, editing }: { part: Part; editing: boolean }) {
  const keep = editing ? "Leave empty to keep the one stored" : undefined;
  switch (part.values.kind) {
    case "webhook":
      return (
        <>
          <Text
            part={part}
            name="url"
            label="URL"
            hint="Vigil POSTs each notice as JSON; a private address needs VIGIL_NOTIFY_ALLOW_PRIVATE"
          />
          <Text
            part={part}
            name="secret"
            label="Signing secret"
            secret
            maxLength={1024}
            hint={keep ?? "16 to 1024 characters; signs each body (X-Vigil-Signature)"}
          />
        </>
      );
    case "slack":
      return (
        <Text
          part={part}
          name="url"
          label="Slack incoming webhook URL"
          secret
          hint={keep ?? "A secret: never shown again"}
        />
      );
    case "pagerduty":
      return (
        <>
          <Text
            part={part}
            name="routingKey"
            label="Integration key"
            secret
            maxLength={100}
            hint={keep ?? "Of an Events API v2 integration"}
          />
          <Text part={part} name="url" label="Events API URL" hint="Empty: https://events.pagerduty.com/v2/enqueue" />
        </>
      );
    case "email":
      return (
        <Text
          part={part}
          name="to"
          label="Recipients"
          hint="1 to 20 addresses, separated by commas; needs SMTP set up"
        />
      );
  }
}

/** Which notices the channel takes: every field empty takes them all. */
export function RoutingFields({ part }: { part: Part }) {
  const { severities } = part.values;
  const toggle = (severity: Severity, on: boolean) => part.set("severities", toggled(severities, severity, on));
  return (
    <Fieldset legend="Routing">
      <Text part={part} name="services" label="Services" hint="Separated by commas; empty: any service" />
      <Text part={part} name="teams" label="Teams" hint="Separated by commas; empty: any team" />
      <SeverityChecks label="Severities" selected={severities} onToggle={toggle} error={part.errors.severities} />
    </Fieldset>
  );
}

/** A checkbox per severity; none ticked means all. */
export function SeverityChecks({
  label,
  selected,
  onToggle,
  error,
}: {
  label: string;
  selected: Severity[];
  onToggle: (severity: Severity, on: boolean) => void;
  error?: string;
}) {
  return (
    <fieldset className={styles.checks}>
      <legend>{label}</legend>
      {SEVERITIES.map((severity) => (
        <label key={severity}>
          <input
            type="checkbox"
            name="severities"
            value={severity}
            checked={selected.includes(severity)}
            onChange={(e) => onToggle(severity, e.target.checked)}
          />{" "}
          {severity}
        </label>
      ))}
      <span className={fields.hint}>None ticked: every severity</span>
      {error && (
        <span className={fields.error} role="alert" data-testid="field-error">
          {error}
        </span>
      )}
    </fieldset>
  );
}
