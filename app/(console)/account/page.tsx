import type { Metadata } from "next";
import { pageCtx } from "@/lib/auth/page-ctx";
import { PageHeader } from "../_components/not-built";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Your account" };
export const dynamic = "force-dynamic";

export default async function AccountPage() {
  const { user } = await pageCtx("signed-in", { allowPasswordChange: true });
  return (
    <>
      <PageHeader title="Your account" subtitle={`${user.email} · ${user.role}`} />
      {user.mustChangePassword && (
        <p className="notice" role="status" data-testid="must-change-password">
          You signed in with a one-time password. Choose your own before you go on.
        </p>
      )}
      <section className="card narrow">
        <h2>Change password</h2>
        <ChangePasswordForm />
      </section>
    </>
  );
}
