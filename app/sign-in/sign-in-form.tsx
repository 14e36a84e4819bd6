"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";

async function messageOf(response: Response): Promise<string> {
  const body = (await response.json().catch(() => ({}))) as {
    message?: string;
    code?: string;
    error?: { message?: string };
  };
  if (response.status === 401) return "Wrong email or password.";
  // better-auth registers the provider only once the identity provider's discovery document loads.
  if (body.code === "PROVIDER_NOT_FOUND")
    return "Single sign-on is unavailable: the identity provider did not answer. Try again later, or use your password.";
  return body.message ?? body.error?.message ?? `Sign-in failed (${response.status}).`;
}

export function SignInForm({ oidcLabel }: { oidcLabel: string | null }) {
  const router = useRouter();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const response = await fetch("/api/auth/sign-in/email", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: form.get("email"), password: form.get("password") }),
    });
    if (response.ok) {
      router.replace("/");
      router.refresh();
      return;
    }
    setError(await messageOf(response));
    setBusy(false);
  }

  async function singleSignOn() {
    setBusy(true);
    setError(null);
    const response = await fetch("/api/auth/sign-in/social", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ provider: "oidc", callbackURL: "/", errorCallbackURL: "/sign-in" }),
    });
    const body = (await response.json().catch(() => ({}))) as { url?: string };
    if (response.ok && body.url) {
      window.location.href = body.url;
      return;
    }
    setError(await messageOf(response));
    setBusy(false);
  }

  return (
    <>
      <form className="auth-form" onSubmit={submit} aria-label="Sign in with email and password">
        <label>
          Email
          <input name="email" type="email" autoComplete="username" required maxLength={254} />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" required maxLength={256} />
        </label>
        {error && (
          <p className="form-error" role="alert" data-testid="sign-in-error">
            {error}
          </p>
        )}
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      {oidcLabel && (
        <button type="button" className="button sso-button" onClick={singleSignOn} disabled={busy}>
          Sign in with {oidcLabel}
        </button>
      )}
    </>
  );
}
