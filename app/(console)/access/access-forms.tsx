"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useState } from "react";
import { errorText, send } from "./send";

type Shown = { ok: boolean; text: string; secret?: string } | null;

/** What a create form posts where, and how the answer reads with its secret. */
type Creation = {
  url: string;
  bodyOf: (form: FormData) => unknown;
  shownOf: (data: Record<string, unknown>) => { text: string; secret: string };
};

/**
 * A form that creates something whose secret (a one-time password, an API key) is shown once:
 * posts the form, then shows either the error or the secret until the next submit.
 */
function CreateOnceForm({
  creation,
  label,
  submitLabel,
  testId,
  children,
}: {
  creation: Creation;
  label: string;
  submitLabel: string;
  testId: string;
  children: ReactNode;
}) {
  const router = useRouter();
  const [shown, setShown] = useState<Shown>(null);
  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const { ok, data } = await send("POST", creation.url, creation.bodyOf(new FormData(formElement)));
    if (!ok) return setShown({ ok: false, text: errorText(data) });
    formElement.reset();
    setShown({ ok: true, ...creation.shownOf(data) });
    router.refresh();
  }
  return (
    <form className="inline-form" onSubmit={submit} aria-label={label}>
      {children}
      <button type="submit" className="button button-primary">
        {submitLabel}
      </button>
      <ShownOnce shown={shown} testId={testId} />
    </form>
  );
}

function ShownOnce({ shown, testId }: { shown: Shown; testId: string }) {
  if (!shown) return null;
  return (
    <div className={shown.ok ? "form-ok" : "form-error"} role="status">
      {shown.text}{" "}
      {shown.secret && (
        <code className="secret" data-testid={testId}>
          {shown.secret}
        </code>
      )}
    </div>
  );
}

const NEW_USER: Creation = {
  url: "/api/v1/users",
  bodyOf: (form) => ({ email: form.get("email"), role: form.get("role") }),
  shownOf: (data) => {
    const created = data as { user: { email: string }; oneTimePassword: string };
    return {
      text: `Created ${created.user.email}. Give them this one-time password; it is not shown again:`,
      secret: created.oneTimePassword,
    };
  },
};

export function CreateUserForm({ roles }: { roles: string[] }) {
  return (
    <CreateOnceForm creation={NEW_USER} label="Add a person" submitLabel="Add person" testId="one-time-password">
      <label className="field">
        Email
        <input name="email" type="email" placeholder="name@company.com" required maxLength={254} />
      </label>
      <label className="field narrow">
        Role
        <select name="role" defaultValue="viewer">
          {roles.map((role) => (
            <option key={role}>{role}</option>
          ))}
        </select>
      </label>
    </CreateOnceForm>
  );
}

const NEW_API_KEY: Creation = {
  url: "/api/v1/api-keys",
  bodyOf: (form) => ({ name: form.get("name"), scopes: form.getAll("scopes") }),
  shownOf: (data) => ({
    text: `Key ${String(data.name)} created. Copy it now; it is not shown again:`,
    secret: String(data.key),
  }),
};

export function CreateApiKeyForm({ scopes }: { scopes: string[] }) {
  return (
    <CreateOnceForm creation={NEW_API_KEY} label="Create an API key" submitLabel="Create key" testId="new-api-key">
      <label className="field">
        Key name
        <input name="name" placeholder="otel-collector-prod" required maxLength={64} />
      </label>
      <fieldset>
        <legend>Scopes</legend>
        {scopes.map((scope) => (
          <label key={scope} className="check">
            <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === "read"} /> {scope}
          </label>
        ))}
      </fieldset>
    </CreateOnceForm>
  );
}
