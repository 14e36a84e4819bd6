"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, type ReactNode, useState } from "react";
import type { ApiKeySummary, UserSummary } from "@/lib/access/schemas";

async function send(
  method: string,
  url: string,
  body?: unknown,
): Promise<{ ok: boolean; data: Record<string, unknown> }> {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? undefined : { "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const data = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  return { ok: response.ok, data };
}

function errorText(data: Record<string, unknown>): string {
  const error = data.error as { message?: string } | undefined;
  return error?.message ?? "The request failed";
}

const when = (iso: string | null) => (iso ? iso.slice(0, 16).replace("T", " ") : "never");

export function UserRow({ user, roles, self }: { user: UserSummary; roles: string[]; self: boolean }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function change(update: { role?: string; disabled?: boolean }) {
    setError(null);
    const reason = update.role ? undefined : (window.prompt("Reason (kept in the audit trail)", "") ?? undefined);
    const { ok, data } = await send("PATCH", `/api/v1/users/${user.id}`, { ...update, reason: reason || undefined });
    if (!ok) setError(errorText(data));
    router.refresh();
  }
  return (
    <tr>
      <td>
        {user.email}
        {user.demo && <span className="muted"> (demo)</span>}
        {self && <span className="muted"> (you)</span>}
        {error && <div className="form-error">{error}</div>}
      </td>
      <td>
        <select
          aria-label={`Role of ${user.email}`}
          value={user.role}
          disabled={self}
          onChange={(event) => change({ role: event.target.value })}
        >
          {roles.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </td>
      <td className="mono">{when(user.lastSignInAt)}</td>
      <td>{user.disabled ? <span className="verify-broken">disabled</span> : "active"}</td>
      <td>
        {!self && (
          <button type="button" className="button button-quiet" onClick={() => change({ disabled: !user.disabled })}>
            {user.disabled ? "Enable" : "Disable"}
          </button>
        )}
      </td>
    </tr>
  );
}

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
      <input name="email" type="email" placeholder="name@company.com" required maxLength={254} aria-label="Email" />
      <select name="role" defaultValue="viewer" aria-label="Role">
        {roles.map((role) => (
          <option key={role}>{role}</option>
        ))}
      </select>
    </CreateOnceForm>
  );
}

export function ApiKeyRow({ apiKey }: { apiKey: ApiKeySummary }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  async function revoke() {
    const reason = window.prompt(
      `Revoke ${apiKey.name}? Collectors using it stop at once. Reason (kept in the audit trail):`,
      "",
    );
    if (reason === null) return;
    const { ok, data } = await send("DELETE", `/api/v1/api-keys/${apiKey.id}?reason=${encodeURIComponent(reason)}`);
    if (!ok) setError(errorText(data));
    router.refresh();
  }
  return (
    <tr className={apiKey.revokedAt ? "row-muted" : undefined}>
      <td>
        {apiKey.name}
        {error && <div className="form-error">{error}</div>}
      </td>
      <td className="mono">vgl_{apiKey.prefix}_…</td>
      <td className="mono">{apiKey.scopes.join(", ")}</td>
      <td>
        {when(apiKey.createdAt)} <span className="muted">by {apiKey.createdBy}</span>
      </td>
      <td className="mono">{when(apiKey.lastUsedAt)}</td>
      <td>
        {apiKey.revokedAt ? (
          <span className="muted">revoked {when(apiKey.revokedAt)}</span>
        ) : (
          <button type="button" className="button button-quiet" onClick={revoke}>
            Revoke
          </button>
        )}
      </td>
    </tr>
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
      <input name="name" placeholder="otel-collector-prod" required maxLength={64} aria-label="Key name" />
      {scopes.map((scope) => (
        <label key={scope} className="check">
          <input type="checkbox" name="scopes" value={scope} defaultChecked={scope === "read"} /> {scope}
        </label>
      ))}
    </CreateOnceForm>
  );
}
