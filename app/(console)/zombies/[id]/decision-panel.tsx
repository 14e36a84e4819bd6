"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import type { FindingView } from "@/lib/zombies/finding-records";
import { Field, FormEnd } from "../../_components/form-fields";
import { ApiError, sendJson } from "../../_components/send-json";
import {
  type Action,
  type DecisionField,
  decisionBody,
  decisionFieldOf,
  type DecisionValues,
  tomorrow,
} from "./decision-body";
import styles from "./finding.module.css";

const LABELS: Record<Action, string> = {
  approve: "Approve teardown",
  reject: "Reject",
  snooze: "Snooze",
  done: "Mark done (torn down)",
};

type Errors = Partial<Record<DecisionField, string>>;
type Setter = <K extends keyof DecisionValues>(key: K, value: DecisionValues[K]) => void;

function errorsOf(error: Error | null): Errors {
  if (!error) return {};
  if (error instanceof ApiError) return { [decisionFieldOf(error.field)]: error.message };
  return { form: "Could not reach Vigil" };
}

/** The form's values and the decision's request; a success clears the typed text and reloads the page's data. */
function useDecision(id: string, first: Action) {
  const router = useRouter();
  const [values, setValues] = useState<DecisionValues>({ action: first, reason: "", until: "", confirm: "" });
  const decide = useMutation({
    mutationFn: (body: Record<string, string>) => sendJson<FindingView>(`/api/v1/zombies/${id}/decision`, "POST", body),
    onSuccess: () => {
      setValues((v) => ({ ...v, reason: "", confirm: "" }));
      router.refresh();
    },
  });
  const set: Setter = (key, value) => {
    decide.reset();
    setValues((v) => ({ ...v, [key]: value }));
  };
  return { values, set, decide };
}

/**
 * FinOps decides: approve (with the resource's name typed again when it is production-like), reject,
 * snooze until a day, or mark an approved teardown done; always with a reason, kept in the audit trail.
 */
export function DecisionPanel({
  id,
  actions,
  secondApproval,
  name,
}: {
  id: string;
  actions: Action[];
  secondApproval: boolean;
  name: string;
}) {
  const { values, set, decide } = useDecision(id, actions[0]);
  const errors = errorsOf(decide.error);
  // After a decision the page refreshes with the actions the new status allows.
  const action = actions.includes(values.action) ? values.action : actions[0];
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    decide.mutate(decisionBody({ ...values, action }, secondApproval));
  }
  return (
    <form className={styles.decision} onSubmit={submit} aria-label="Decide on this finding" noValidate>
      <ActionChoice actions={actions} current={action} onChange={(action) => set("action", action)} />
      <StepFields
        values={{ ...values, action }}
        set={set}
        errors={errors}
        secondApproval={secondApproval}
        name={name}
      />
      <Field
        label="Reason"
        hint="Required; kept in the finding's history and the audit trail"
        error={errors.reason}
        wide
      >
        {(p) => (
          <textarea
            {...p}
            name="reason"
            maxLength={2000}
            value={values.reason}
            onChange={(e) => set("reason", e.target.value)}
          />
        )}
      </Field>
      {decide.isSuccess && (
        <p className="form-ok" role="status" data-testid="decision-saved">
          Saved: the finding is now {decide.data.status}.
        </p>
      )}
      <FormEnd error={errors.form} submit={LABELS[action]} busy={decide.isPending} />
    </form>
  );
}

function ActionChoice({
  actions,
  current,
  onChange,
}: {
  actions: Action[];
  current: Action;
  onChange: (action: Action) => void;
}) {
  return (
    <fieldset className={styles.actions}>
      <legend>Decision</legend>
      {actions.map((action) => (
        <label key={action}>
          <input
            type="radio"
            name="action"
            value={action}
            checked={current === action}
            onChange={() => onChange(action)}
          />
          {LABELS[action]}
        </label>
      ))}
    </fieldset>
  );
}

/** The snooze's day, or the typed name a production-like approval asks for. */
function StepFields({
  values,
  set,
  errors,
  secondApproval,
  name,
}: {
  values: DecisionValues;
  set: Setter;
  errors: Errors;
  secondApproval: boolean;
  name: string;
}) {
  return (
    <>
      {values.action === "snooze" && (
        <Field label="Snooze until (UTC)" hint="The finding comes back to the queue that day" error={errors.until}>
          {(p) => (
            <input
              {...p}
              type="date"
              name="until"
              min={tomorrow(new Date())}
              value={values.until}
              onChange={(e) => set("until", e.target.value)}
            />
          )}
        </Field>
      )}
      {values.action === "approve" && secondApproval && (
        <Field
          label={`Type the resource's name, ${name}, to confirm`}
          error={errors.confirm}
          hint="A production-like resource: a second person approves it too"
        >
          {(p) => (
            <input
              {...p}
              name="confirm"
              autoComplete="off"
              spellCheck={false}
              maxLength={2048}
              value={values.confirm}
              onChange={(e) => set("confirm", e.target.value)}
            />
          )}
        </Field>
      )}
    </>
  );
}
