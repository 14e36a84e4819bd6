"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import type { Severity, SilenceView } from "@/lib/notifications/schemas";
import { ConfirmDelete } from "../_components/confirm-delete";
import { Field, Fieldset, FormEnd } from "../_components/form-fields";
import fields from "../_components/form-fields.module.css";
import { ApiError, sendJson } from "../_components/send-json";
import { toggled } from "./channel-form-body";
import { SeverityChecks } from "./channel-form-fields";
import { RevealForm } from "./reveal-form";
import {
  type SilenceField,
  silenceBody,
  silenceFieldOf,
  type SilenceFormValues,
  silenceFormValues,
} from "./silence-form-body";

type Errors = Partial<Record<SilenceField, string>>;

function errorsOf(error: Error | null): Errors {
  if (!error) return {};
  if (error instanceof ApiError) return { [silenceFieldOf(error.field)]: error.message };
  return { form: "Could not reach Vigil" };
}

/** "Add silence" opens the form above the list; adding one or Cancel closes it. */
export function AddSilence({ defaultEnd }: { defaultEnd: string }) {
  return (
    <RevealForm label="Add silence">{(close) => <SilenceForm defaultEnd={defaultEnd} onDone={close} />}</RevealForm>
  );
}

/** A new silence: what it matches, when it ends (UTC) and why; the API's refusal shows under the field it names. */
function SilenceForm({ defaultEnd, onDone }: { defaultEnd: string; onDone: () => void }) {
  const router = useRouter();
  const [values, setValues] = useState(() => silenceFormValues(defaultEnd));
  const create = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      sendJson<SilenceView>("/api/v1/notifications/silences", "POST", body),
    onSuccess: () => {
      router.refresh();
      onDone();
    },
  });
  const errors = errorsOf(create.error);
  const set = <K extends keyof SilenceFormValues>(key: K, value: SilenceFormValues[K]) =>
    setValues((v) => ({ ...v, [key]: value }));
  const toggle = (severity: Severity, on: boolean) => set("severities", toggled(values.severities, severity, on));
  const text = (key: "services" | "teams" | "reason", label: string, hint: string, maxLength = 2000) => (
    <Field label={label} hint={hint} error={errors[key]} wide={key === "reason"}>
      {(p) => (
        <input {...p} name={key} value={values[key]} maxLength={maxLength} onChange={(e) => set(key, e.target.value)} />
      )}
    </Field>
  );
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    create.mutate(silenceBody(values));
  }
  return (
    <form className={fields.form} onSubmit={submit} aria-label="New silence" noValidate>
      <Fieldset legend="Hold back notices of">
        {text("services", "Services", "Separated by commas")}
        {text("teams", "Teams", "Separated by commas")}
        <SeverityChecks label="Severities" selected={values.severities} onToggle={toggle} error={errors.severities} />
        {errors.matchers && (
          <span className={`${fields.error} ${fields.wide}`} role="alert" data-testid="field-error">
            Matchers: {errors.matchers}
          </span>
        )}
      </Fieldset>
      <Fieldset legend="Until">
        <Field label="Ends (UTC)" error={errors.endsAt} hint="At most 90 days ahead">
          {(p) => (
            <input
              {...p}
              name="endsAt"
              type="datetime-local"
              value={values.endsAt}
              onChange={(e) => set("endsAt", e.target.value)}
            />
          )}
        </Field>
        {text("reason", "Reason", "Kept in the audit trail", 1000)}
      </Fieldset>
      <FormEnd error={errors.form} submit="Add silence" busy={create.isPending} onCancel={onDone} />
    </form>
  );
}

/** Ends an active silence now, after a confirm step as a delete has; a refusal shows in the dialog. */
export function EndSilence({ id, reason }: { id: string; reason: string }) {
  const router = useRouter();
  // The reason names the silence; the heading wraps even an unbroken one.
  const named = reason.length > 80 ? `${reason.slice(0, 79)}…` : reason;
  return (
    <ConfirmDelete
      url={`/api/v1/notifications/silences/${id}`}
      title={`End the silence “${named}” now?`}
      note="Notices it holds back are sent again from now on. It stays in this list, marked ended by you."
      confirmText="End silence"
      buttonText="End now"
      onDeleted={() => router.refresh()}
    />
  );
}
