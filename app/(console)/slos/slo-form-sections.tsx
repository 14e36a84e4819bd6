"use client";

import { BUDGETING_METHODS, SLO_WINDOWS } from "@/lib/slo/schemas";
import type { Errors, Set, SloFormValues } from "./slo-form-body";
import { Check, Field, Fieldset, Options } from "../_components/form-fields";
import { formatWindow } from "./slo-format";

type Part = { values: SloFormValues; set: Set; errors: Errors };
type TextKey =
  | "name"
  | "operation"
  | "environment"
  | "feature"
  | "thresholdMs"
  | "objectivePercent"
  | "sliceMinutes"
  | "sliceTarget";
type ChoiceKey = "service" | "sliType" | "errorWhen" | "window" | "budgetingMethod";

/** A text input bound to one of the form's values, with its error. */
function Text({
  part,
  name,
  label,
  hint,
  numeric,
  maxLength = 200,
}: {
  part: Part;
  name: TextKey;
  label: string;
  hint?: string;
  numeric?: boolean;
  maxLength?: number;
}) {
  return (
    <Field label={label} hint={hint} error={part.errors[name]}>
      {(p) => (
        <input
          {...p}
          name={name}
          value={part.values[name]}
          maxLength={maxLength}
          inputMode={numeric ? "decimal" : undefined}
          onChange={(e) => part.set(name, e.target.value)}
        />
      )}
    </Field>
  );
}

/** A select bound to one of the form's values; `placeholder` is a first option that can not be chosen. */
function Choice({
  part,
  name,
  label,
  options,
  placeholder,
}: {
  part: Part;
  name: ChoiceKey;
  label: string;
  options: readonly (readonly [string, string])[];
  placeholder?: string;
}) {
  return (
    <Field label={label} error={part.errors[name]}>
      {(p) => (
        <select
          {...p}
          name={name}
          value={part.values[name]}
          onChange={(e) => part.set(name, e.target.value as SloFormValues[ChoiceKey])}
        >
          {placeholder && (
            <option value="" disabled>
              {placeholder}
            </option>
          )}
          <Options options={options} />
        </select>
      )}
    </Field>
  );
}

/** What is measured: the SLO's name, the service's entry spans it reads, and which of them are good. */
export function WhatFields({ services, ...part }: Part & { services: string[] }) {
  return (
    <Fieldset legend="What is measured">
      <Text part={part} name="name" label="Name" hint="lower-case letters, digits and '-'" maxLength={63} />
      <Choice
        part={part}
        name="service"
        label="Service"
        options={services.map((s) => [s, s] as const)}
        placeholder={services.length ? "Choose a service" : "No services known yet"}
      />
      <Text part={part} name="operation" label="Operation (optional)" hint="one entry operation" maxLength={500} />
      <Text part={part} name="environment" label="Environment (optional)" />
      <Text
        part={part}
        name="feature"
        label="Feature (optional)"
        hint="its entry requests (vigil.feature); availability only, not with an operation"
      />
      <Choice
        part={part}
        name="sliType"
        label="SLI"
        options={[
          ["availability", "Availability"],
          ["latency", "Latency"],
        ]}
      />
      {part.values.sliType === "availability" ? (
        <Choice
          part={part}
          name="errorWhen"
          label="A request is bad when"
          options={[
            ["error-status", "its span has error status"],
            ["http-5xx", "it answers HTTP 5xx"],
          ]}
        />
      ) : (
        <Text part={part} name="thresholdMs" label="Good under (ms)" numeric />
      )}
    </Fieldset>
  );
}

const METHOD_LABELS: Record<SloFormValues["budgetingMethod"], string> = {
  Occurrences: "Occurrences (good events / all)",
  Timeslices: "Timeslices (good slices / all)",
  RatioTimeslices: "Ratio timeslices (mean of slice ratios)",
};

/** The promise: the objective over a window, and how the budget is counted. */
export function PromiseFields(part: Part) {
  const method = part.values.budgetingMethod;
  return (
    <Fieldset legend="The promise">
      <Text part={part} name="objectivePercent" label="Objective (%)" hint="above 0 and below 100, e.g. 99.9" numeric />
      <Choice
        part={part}
        name="window"
        label="Window"
        options={SLO_WINDOWS.map((w) => [w, formatWindow(w)] as const)}
      />
      <Choice
        part={part}
        name="budgetingMethod"
        label="Budgeting method"
        options={BUDGETING_METHODS.map((m) => [m, METHOD_LABELS[m]] as const)}
      />
      {method !== "Occurrences" && (
        <Text part={part} name="sliceMinutes" label="Time slice (minutes)" hint="1 to 60" numeric />
      )}
      {method === "Timeslices" && <Text part={part} name="sliceTarget" label="A slice is good from (%)" numeric />}
    </Fieldset>
  );
}

/** Which of the SLO's burn-rate alerts are on. */
export function AlertFields({ values, set, errors }: Part) {
  return (
    <Fieldset legend="Alerts">
      <Check
        label="Page (fast burn)"
        checked={values.pageEnabled}
        onChange={(c) => set("pageEnabled", c)}
        error={errors.pageEnabled}
      />
      <Check
        label="Ticket (slow burn)"
        checked={values.ticketEnabled}
        onChange={(c) => set("ticketEnabled", c)}
        error={errors.ticketEnabled}
      />
    </Fieldset>
  );
}
