import Link from "next/link";
import type { ReactNode } from "react";
import { Nav } from "./_components/nav";
import { StatusBadge } from "./_components/status-badge";

export default function ConsoleLayout({ children }: { children: ReactNode }) {
  return (
    <div className="shell">
      <aside className="sidebar">
        <Link href="/" className="brand">
          <span className="brand-mark" aria-hidden>◆</span> Vigil
        </Link>
        <Nav />
      </aside>
      <div className="main">
        <div className="topbar">
          <span className="muted">Traces · cloud spend · infrastructure code</span>
          <StatusBadge />
        </div>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}
