"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { AREAS } from "./areas";

/** Shows the areas the server said this user may open; the pages check again on their own. */
export function Nav({ visible }: { visible: string[] }) {
  const pathname = usePathname();
  return (
    <nav aria-label="Areas" className="nav">
      {AREAS.filter((area) => visible.includes(area.href)).map((area) => {
        const active = area.href === "/" ? pathname === "/" : pathname.startsWith(area.href);
        return (
          <Link
            key={area.href}
            href={area.href}
            className={active ? "nav-link active" : "nav-link"}
            aria-current={active ? "page" : undefined}
          >
            <span>{area.label}</span>
            {!area.ready && <span className="nav-soon">soon</span>}
          </Link>
        );
      })}
    </nav>
  );
}
