"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import type { SloDefinition } from "@/lib/slo/schemas";
import { AlertFields, PromiseFields, WhatFields } from "./slo-form-sections";
import { type Errors, fieldOf, formValues, type Set, sloBody } from "./slo-form-body";
import { FormEnd } from "../_components/form-fields";
import styles from "../_components/form-fields.module.css";
import { ApiError, sendJson } from "../_components/send-json";

/** Sends the form; the API's refusal comes back as the field it names and why. */
async function save(edit: { id: string } | undefined, body: unknown): Promise<{ id?: string; errors?: Errors }> {
  try {
    const data = await sendJson<{ id?: unknown }>(
      edit ? `/api/v1/slos/${edit.id}` : "/api/v1/slos",
      edit ? "PATCH" : "POST",
      body,
    );
    return { id: String(data.id ?? edit?.id) };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    return { errors: { [fieldOf(error.field)]: error.message } };
  }
}

/** A new SLO, or the changes to one; success opens (or reloads) its page. */
export function SloForm({
  services,
  edit,
  onCancel,
}: {
  services: string[];
  edit?: { id: string; definition: SloDefinition };
  onCancel?: () => void;
}) {
  const router = useRouter();
  const [values, setValues] = useState(() => formValues(edit?.definition));
  const [errors, setErrors] = useState<Errors>({});
  const [busy, setBusy] = useState(false);
  const set: Set = (key, value) => setValues((v) => ({ ...v, [key]: value }));
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    setBusy(true);
    const result = await save(edit, sloBody(values, edit?.definition.alerting));
    setBusy(false);
    setErrors(result.errors ?? {});
    if (result.errors) return;
    if (edit) {
      onCancel?.();
      router.refresh();
    } else router.push(`/slos/${result.id}`);
  }
  const known = values.service && !services.includes(values.service) ? [values.service, ...services] : services;
  return (
    <form className={styles.form} onSubmit={submit} aria-label={edit ? "Edit SLO" : "New SLO"} noValidate>
      <WhatFields values={values} set={set} errors={errors} services={known} />
      <PromiseFields values={values} set={set} errors={errors} />
      <AlertFields values={values} set={set} errors={errors} />
      <FormEnd error={errors.form} submit={edit ? "Save changes" : "Create SLO"} busy={busy} onCancel={onCancel} />
    </form>
  );
}
