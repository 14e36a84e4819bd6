"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";

export function ChangePasswordForm() {
  const router = useRouter();
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const formElement = event.currentTarget;
    const form = new FormData(formElement);
    if (form.get("newPassword") !== form.get("confirm")) {
      setMessage({ ok: false, text: "The two new passwords differ." });
      return;
    }
    setBusy(true);
    const response = await fetch("/api/auth/change-password", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        currentPassword: form.get("currentPassword"),
        newPassword: form.get("newPassword"),
        revokeOtherSessions: true,
      }),
    });
    setBusy(false);
    if (response.ok) {
      formElement.reset();
      setMessage({ ok: true, text: "Password changed. Your other sessions were signed out." });
      router.refresh();
      return;
    }
    const body = (await response.json().catch(() => ({}))) as { message?: string };
    setMessage({ ok: false, text: body.message ?? `Could not change the password (${response.status}).` });
  }

  return (
    <form className="auth-form" onSubmit={submit}>
      <label>
        Current password
        <input name="currentPassword" type="password" autoComplete="current-password" required maxLength={256} />
      </label>
      <label>
        New password (at least 12 characters)
        <input name="newPassword" type="password" autoComplete="new-password" required minLength={12} maxLength={256} />
      </label>
      <label>
        New password again
        <input name="confirm" type="password" autoComplete="new-password" required minLength={12} maxLength={256} />
      </label>
      {message && (
        <p className={message.ok ? "form-ok" : "form-error"} role="status">
          {message.text}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={busy}>
        {busy ? "Saving…" : "Change password"}
      </button>
    </form>
  );
}
