"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import type { ProposalView } from "@/lib/proposals/types";
import { Field } from "../../_components/form-fields";
import { ApiError, sendJson } from "../../_components/send-json";
import { useHydrated } from "../../_components/use-hydrated";
import styles from "../agent.module.css";

type Decision = "approve" | "reject";

/** Where a refusal shows: under the reason when the API names it (or it was left blank), else above the buttons. */
function errorsOf(error: Error | null, blank: boolean): { reason?: string; form?: string } {
  if (blank) return { reason: "A reason is required" };
  if (!error) return {};
  if (error instanceof ApiError) return error.field === "reason" ? { reason: error.message } : { form: error.message };
  return { form: "Could not reach Vigil" };
}

/** The reason typed, the decision's request, and whether a submit found the reason blank. */
function useDecision(id: string) {
  const router = useRouter();
  const [reason, setReason] = useState("");
  const [blank, setBlank] = useState(false);
  const decide = useMutation({
    mutationFn: (decision: Decision) =>
      sendJson<ProposalView>(`/api/v1/proposals/${id}/decision`, "POST", { decision, reason }),
    onSuccess: () => {
      setReason("");
      router.refresh();
    },
  });
  const type = (value: string) => {
    setBlank(false);
    decide.reset();
    setReason(value);
  };
  const submit = (decision: Decision) => (event: FormEvent) => {
    event.preventDefault();
    decide.reset();
    setBlank(!reason.trim());
    if (reason.trim()) decide.mutate(decision);
  };
  return { reason, type, submit, decide, errors: errorsOf(decide.error, blank) };
}

/**
 * Approve or reject, always with a reason (kept with the proposal and in the audit trail). The page
 * refreshes after a decision and shows what it yielded.
 */
export function DecisionForm({ id, approveLabel }: { id: string; approveLabel: string }) {
  const ready = useHydrated();
  const { reason, type, submit, decide, errors } = useDecision(id);
  const busy = decide.isPending || !ready;
  const pending = decide.isPending ? decide.variables : null;
  return (
    <form className={styles.decision} onSubmit={submit("approve")} aria-label="Decide on this proposal" noValidate>
      <Field label="Reason" hint="Required; kept with the proposal and in the audit trail" error={errors.reason} wide>
        {(p) => (
          <textarea {...p} name="reason" maxLength={2000} value={reason} onChange={(e) => type(e.target.value)} />
        )}
      </Field>
      {errors.form && (
        <p className="form-error" role="alert" data-testid="form-error">
          {errors.form}
        </p>
      )}
      {decide.isSuccess && (
        <p className="form-ok" role="status" data-testid="decision-saved">
          Saved: the proposal is now {decide.data.status}.
        </p>
      )}
      <div className={styles.buttons}>
        <button type="submit" className="button button-primary" disabled={busy}>
          {pending === "approve" ? "Approving…" : approveLabel}
        </button>
        <button type="button" className="button" disabled={busy} onClick={submit("reject")}>
          {pending === "reject" ? "Rejecting…" : "Reject"}
        </button>
      </div>
    </form>
  );
}
