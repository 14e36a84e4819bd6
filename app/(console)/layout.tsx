import Link from "next/link";
import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { currentUser } from "@/lib/auth/page-ctx";
import { can } from "@/lib/context";
import { AREAS } from "./_components/areas";
import { Nav } from "./_components/nav";
import { StatusBadge } from "./_components/status-badge";
import { UserMenu } from "./_components/user-menu";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user?.role) redirect("/sign-in");
  const actor = { kind: "user", id: user.id, label: user.email, role: user.role, scopes: [] } as const;
  const visible = AREAS.filter((area) => can(actor, area.access)).map((area) => area.href);
  return (
    <div className="shell">
      <aside className="sidebar">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden>
            ◆
          </span>{" "}
          Vigil
        </Link>
        <Nav visible={visible} />
      </aside>
      <div className="main">
        <div className="topbar">
          <span className="muted">Traces · cloud spend · infrastructure code</span>
          <div className="topbar-right">
            <StatusBadge />
            <UserMenu email={user.email} role={user.role} demo={user.demo} />
          </div>
        </div>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}
