"use client";

import Link from "next/link";
import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useRef, useState } from "react";
import { type Area, AREAS, areaOf } from "./areas";
import { keepWindow, type WindowParam } from "./keep-window";

/**
 * The brand and the areas the server said this user may open (the pages check again on their own).
 * Below 1,200 px the areas fold behind a menu button; Escape, a click outside or choosing an area closes it.
 */
export function Sidebar({ visible, windows }: { visible: string[]; windows: Record<string, WindowParam> }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const aside = useRef<HTMLElement>(null);
  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpen(false);
      button.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (!aside.current?.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);
  return (
    <aside ref={aside} className={open ? "sidebar open" : "sidebar"}>
      <div className="sidebar-bar">
        <Link href="/" className="brand" onClick={() => setOpen(false)}>
          <span className="brand-mark" aria-hidden>
            ◆
          </span>{" "}
          Vigil
        </Link>
        <button
          ref={button}
          type="button"
          className="menu-button"
          aria-expanded={open}
          aria-controls="areas-nav"
          onClick={() => setOpen(!open)}
        >
          <span aria-hidden>☰</span> Menu
        </button>
      </div>
      <Nav visible={visible} windows={windows} onChoose={() => setOpen(false)} />
    </aside>
  );
}

function Nav({
  visible,
  windows,
  onChoose,
}: {
  visible: string[];
  windows: Record<string, WindowParam>;
  onChoose: () => void;
}) {
  const pathname = usePathname();
  const search = useSearchParams();
  const current = areaOf(pathname);
  const shown = AREAS.filter((area) => visible.includes(area.href));
  const link = (area: Area) => {
    const active = area.href === current?.href;
    return (
      <Link
        key={area.href}
        href={keepWindow(area.href, current && windows[current.href], search, windows[area.href])}
        className={`nav-link${area.parent ? " nav-sub" : ""}${active ? " active" : ""}`}
        aria-current={active ? "page" : undefined}
        onClick={onChoose}
      >
        <span>{area.label}</span>
        {!area.ready && <span className="nav-soon">soon</span>}
      </Link>
    );
  };
  return (
    <nav id="areas-nav" aria-label="Areas" className="nav">
      {shown.map(link)}
    </nav>
  );
}
