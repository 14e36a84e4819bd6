import { redirect } from "next/navigation";
import type { ReactNode } from "react";
import { currentUser } from "@/lib/auth/page-ctx";
import { can } from "@/lib/context";
import { AREAS } from "./_components/areas";
import { Sidebar } from "./_components/nav";
import { NavigationPending } from "./_components/navigation-pending";
import { StatusBadge } from "./_components/status-badge";
import { UserMenu } from "./_components/user-menu";
import { WINDOW_PARAMS } from "./_components/window-params";

export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const user = await currentUser();
  if (!user?.role) redirect("/sign-in");
  const actor = { kind: "user", id: user.id, label: user.email, role: user.role, scopes: [] } as const;
  const visible = AREAS.filter((area) => can(actor, area.access)).map((area) => area.href);
  return (
    <div className="shell">
      <Sidebar visible={visible} windows={WINDOW_PARAMS} />
      <div className="main">
        <div className="topbar">
          <span className="muted topbar-tagline">Traces · cloud spend · infrastructure code</span>
          <div className="topbar-right">
            <StatusBadge />
            <UserMenu email={user.email} role={user.role} demo={user.demo} />
          </div>
        </div>
        <main className="content">
          {/* No Suspense boundary here: the page's 403 and 404 must be decided before anything is sent. */}
          <NavigationPending>{children}</NavigationPending>
        </main>
      </div>
    </div>
  );
}
