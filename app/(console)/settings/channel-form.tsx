"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import type { ChannelView } from "@/lib/notifications/schemas";
import { FormEnd } from "../_components/form-fields";
import fields from "../_components/form-fields.module.css";
import { ApiError, sendJson } from "../_components/send-json";
import {
  type ChannelErrors,
  type ChannelFormValues,
  channelBody,
  channelFieldOf,
  channelFormValues,
} from "./channel-form-body";
import { ChannelFields, type Part, RoutingFields } from "./channel-form-fields";

function errorsOf(error: Error | null): ChannelErrors {
  if (!error) return {};
  if (error instanceof ApiError) return { [channelFieldOf(error.field)]: error.message };
  return { form: "Could not reach Vigil" };
}

/**
 * A new channel, or the changes to one (its kind stays): the API's refusal shows under the field it
 * names; success refreshes the page's lists and calls `onSaved`.
 */
export function ChannelForm({
  edit,
  onSaved,
  onCancel,
}: {
  edit?: ChannelView;
  onSaved: () => void;
  onCancel?: () => void;
}) {
  const router = useRouter();
  const [values, setValues] = useState(() => channelFormValues(edit));
  const save = useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      edit
        ? sendJson<ChannelView>(`/api/v1/notifications/channels/${edit.id}`, "PATCH", body)
        : sendJson<ChannelView>("/api/v1/notifications/channels", "POST", body),
    onSuccess: () => {
      router.refresh();
      onSaved();
    },
  });
  const part: Part = {
    values,
    errors: errorsOf(save.error),
    set: (key, value) => setValues((v) => ({ ...v, [key]: value }) as ChannelFormValues),
  };
  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    save.mutate(channelBody(values, edit !== undefined));
  }
  return (
    <form className={fields.form} onSubmit={submit} aria-label={edit ? `Edit ${edit.name}` : "New channel"} noValidate>
      <ChannelFields part={part} editing={edit !== undefined} />
      <RoutingFields part={part} />
      <FormEnd
        error={part.errors.form}
        submit={edit ? "Save changes" : "Add channel"}
        busy={save.isPending}
        onCancel={onCancel}
      />
    </form>
  );
}
