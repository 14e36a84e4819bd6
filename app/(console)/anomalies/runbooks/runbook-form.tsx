"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import type { RunbookView } from "@/lib/runbooks/runbook-rows";
import { FormEnd } from "../../_components/form-fields";
import styles from "../../_components/form-fields.module.css";
import { ApiError, sendJson } from "../../_components/send-json";
import { type Errors, fieldOf, formValues, runbookBody } from "./runbook-form-body";
import { AttachFields, BodyField, CallFields, HeaderFields, type Set } from "./runbook-form-fields";

/** Sends the form; the API's refusal comes back as the field it names and why. */
async function save(id: string | undefined, body: unknown): Promise<{ runbook?: RunbookView; errors?: Errors }> {
  try {
    const runbook = await sendJson<RunbookView>(
      id ? `/api/v1/runbooks/${id}` : "/api/v1/runbooks",
      id ? "PATCH" : "POST",
      body,
    );
    return { runbook };
  } catch (error) {
    if (error instanceof ApiError) return { errors: { [fieldOf(error.field)]: error.message } };
    return { errors: { form: "Could not reach Vigil: nothing was saved" } };
  }
}

/** A new runbook, or the changes to one; success opens (or reloads) its page. */
export function RunbookForm({ edit }: { edit?: RunbookView }) {
  const router = useRouter();
  const [values, setValues] = useState(() => formValues(edit));
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const [saved, setSaved] = useState(false);
  const set: Set = (key, value) => {
    setSaved(false);
    setValues((v) => ({ ...v, [key]: value }));
  };
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    const result = await save(edit?.id, runbookBody(values));
    setBusy(false);
    setErrors(result.errors ?? {});
    if (!result.runbook) return;
    if (edit) {
      // Secrets just typed are now stored: the rows show "set" again, with no value kept in the page.
      setValues(formValues(result.runbook));
      setSaved(true);
      router.refresh();
    } else router.push(`/anomalies/runbooks/${result.runbook.id}`);
  }
  const part = { values, set, errors };
  return (
    <form className={styles.form} onSubmit={submit} aria-label={edit ? "Edit runbook" : "New runbook"} noValidate>
      <CallFields {...part} />
      <HeaderFields {...part} />
      <BodyField {...part} />
      <AttachFields {...part} />
      {saved && (
        <p className="form-ok" role="status">
          Saved. Runs proposed before this change will not be sent.
        </p>
      )}
      <FormEnd error={errors.form} submit={edit ? "Save changes" : "Create runbook"} busy={busy} />
    </form>
  );
}
