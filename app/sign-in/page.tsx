import type { Metadata } from "next";
import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { oidcEnabled } from "@/lib/auth/auth";
import { demoSignInAllowed } from "@/lib/auth/demo-sign-in";
import { currentUser } from "@/lib/auth/page-ctx";
import { demoRoles } from "@/lib/demo/demo-users";
import { env } from "@/lib/env";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };
export const dynamic = "force-dynamic";

// better-auth redirects failed single sign-on here with ?error=<code>.
const RESTART = "The single sign-on answer did not match a sign-in started here. Start again.";
const ERROR_MESSAGES: Record<string, string> = {
  state_mismatch: RESTART,
  state_not_found: RESTART,
  state_security_mismatch: RESTART,
  invalid_callback_request: "The identity provider's answer was incomplete. Start again.",
  no_code: "The identity provider sent no authorization code. Start again.",
  invalid_code: "The identity provider did not accept the sign-in. Start again.",
  issuer_missing: "The identity provider's answer did not say who issued it.",
  issuer_mismatch: "The answer came from a different identity provider than the one configured.",
  nonce_binding_missing: RESTART,
  unable_to_get_user_info: "The identity provider did not share who you are.",
  email_not_found: "The identity provider did not share an email address.",
  email_not_verified: "The identity provider has not verified your email address.",
  unable_to_link_account: "Your single sign-on identity could not be linked to your Vigil account. Ask an admin.",
  account_already_linked_to_different_user: "This identity is already linked to another Vigil account. Ask an admin.",
  oauth_provider_not_found: "Single sign-on is not configured on this Vigil.",
  access_denied: "The identity provider refused the sign-in.",
};

const ROLE_LABEL: Record<string, [string, string]> = {
  viewer: ["Executive", "Dashboards: spend, MTTR, delivery"],
  sre: ["SRE", "SLOs, anomalies, traces"],
  finops: ["FinOps", "Spend, teardown approvals, audit"],
  admin: ["Admin", "People, keys, settings"],
};

type Props = { searchParams: Promise<{ error?: string }> };

export default async function SignInPage({ searchParams }: Props) {
  if (await currentUser()) redirect("/");
  const { error } = await searchParams;
  const errorMessage = error
    ? (ERROR_MESSAGES[error.toLowerCase()] ?? "Single sign-on did not complete. Start again or use your password.")
    : null;
  // The buttons would only answer 403 to a visitor the demo sign-in does not serve.
  const roles = demoSignInAllowed(await headers()) ? demoRoles() : [];
  return (
    <main className="auth-page">
      <section className="auth-card" aria-labelledby="sign-in-title">
        <div className="brand auth-brand">
          <span className="brand-mark" aria-hidden>
            ◆
          </span>{" "}
          Vigil
        </div>
        <h1 id="sign-in-title">Sign in</h1>
        {errorMessage && (
          <p className="form-error" role="alert">
            {errorMessage}
          </p>
        )}
        <SignInForm oidcLabel={oidcEnabled() ? env().VIGIL_OIDC_LABEL : null} />
        {roles.length > 0 && (
          <div className="demo-box" data-testid="demo-sign-in">
            <h2>Explore the demo</h2>
            <p className="muted">This Vigil holds demo data. Sign in as one of its demo people to see each view.</p>
            <div className="demo-roles">
              {roles.map((role) => (
                <form key={role} method="post" action="/api/demo/sign-in">
                  <input type="hidden" name="role" value={role} />
                  <button type="submit" className="button demo-role" aria-label={`Sign in as demo ${role}`}>
                    <strong>{ROLE_LABEL[role][0]}</strong>
                    <span className="muted">{ROLE_LABEL[role][1]}</span>
                  </button>
                </form>
              ))}
            </div>
          </div>
        )}
      </section>
    </main>
  );
}
