"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";

export function UserMenu({ email, role, demo }: { email: string; role: string; demo: boolean }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  async function signOut() {
    setBusy(true);
    await fetch("/api/auth/sign-out", { method: "POST", headers: { "content-type": "application/json" }, body: "{}" });
    router.replace("/sign-in");
    router.refresh();
  }
  return (
    <div className="user-menu" data-testid="user-menu">
      <Link href="/account" className="user-email clip" title={`${email}: your account`}>
        {email}
      </Link>
      <span className={`role-badge role-${role}`} data-testid="user-role">
        {role}
        {demo ? " · demo" : ""}
      </span>
      <button type="button" className="button button-quiet" onClick={signOut} disabled={busy}>
        {busy ? "Signing out…" : "Sign out"}
      </button>
    </div>
  );
}
