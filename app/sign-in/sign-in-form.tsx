"use client";

import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";

type AuthAnswer = { message?: string; code?: string; error?: { message?: string }; url?: string };

const readAnswer = async (response: Response) => (await response.json().catch(() => ({}))) as AuthAnswer;

function messageOf(status: number, body: AuthAnswer): string {
  if (status === 401) return "Wrong email or password.";
  // better-auth registers the provider only once the identity provider's discovery document loads.
  if (body.code === "PROVIDER_NOT_FOUND")
    return "Single sign-on is unavailable: the identity provider did not answer. Try again later, or use your password.";
  return body.message ?? body.error?.message ?? `Sign-in failed (${status}).`;
}

const postJson = (path: string, body: unknown) =>
  fetch(path, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });

/** Signs in with the form's email and password: null when signed in, else what to tell the person. */
async function passwordSignIn(form: FormData): Promise<string | null> {
  const response = await postJson("/api/auth/sign-in/email", {
    email: form.get("email"),
    password: form.get("password"),
  });
  return response.ok ? null : messageOf(response.status, await readAnswer(response));
}

/** Where the identity provider signs the person in, or what to tell them when it can not. */
async function singleSignOnStart(): Promise<{ url: string } | { error: string }> {
  const response = await postJson("/api/auth/sign-in/social", {
    provider: "oidc",
    callbackURL: "/",
    errorCallbackURL: "/sign-in",
  });
  const body = await readAnswer(response);
  return response.ok && body.url ? { url: body.url } : { error: messageOf(response.status, body) };
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
    const refused = await passwordSignIn(form);
    if (refused === null) {
      router.replace("/");
      router.refresh();
      return;
    }
    setError(refused);
    setBusy(false);
  }

  async function singleSignOn() {
    setBusy(true);
    setError(null);
    const started = await singleSignOnStart();
    if ("url" in started) {
      window.location.href = started.url;
      return;
    }
    setError(started.error);
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
