"use client";

import { useRouter } from "next/navigation";
import { createContext, type ReactNode, useCallback, useContext, useTransition } from "react";
import styles from "./costs.module.css";

const Go = createContext<(href: string) => void>(() => {});

/**
 * The Costs page's view switches replace the URL inside a transition: the page stays, its figures
 * dim until the new ones arrive, and the URL remains the one source of what is shown.
 */
export function ViewTransition({ children }: { children: ReactNode }) {
  const router = useRouter();
  const [pending, start] = useTransition();
  const go = useCallback((href: string) => start(() => router.replace(href, { scroll: false })), [router]);
  return (
    <Go.Provider value={go}>
      <div className={pending ? styles.pending : undefined} aria-busy={pending} data-testid="cost-view">
        {children}
      </div>
    </Go.Provider>
  );
}

/** Navigates to another view of the page without reloading it. */
export const useGoToView = () => useContext(Go);

/** A link to another view: a plain link (new tab, no script), a transition on a plain click. */
export function ViewLink({
  href,
  className,
  current,
  children,
  label,
}: {
  href: string;
  className?: string;
  current?: boolean;
  children: ReactNode;
  label?: string;
}) {
  const go = useGoToView();
  return (
    <a
      href={href}
      className={className}
      aria-current={current ? "true" : undefined}
      aria-label={label}
      onClick={(event) => {
        if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey || event.button !== 0) return;
        event.preventDefault();
        go(href);
      }}
    >
      {children}
    </a>
  );
}

/** A row of view links of which one is current (window, grouping, metric); wraps on narrow screens. */
export function ViewSwitch({
  label,
  options,
  current,
}: {
  label: string;
  options: { key: string; label: string; href: string }[];
  current: string;
}) {
  return (
    <div className={`segmented ${styles.switch}`} role="group" aria-label={label}>
      {options.map((option) => (
        <ViewLink
          key={option.key}
          href={option.href}
          className={option.key === current ? "segment active" : "segment"}
          current={option.key === current}
        >
          {option.label}
        </ViewLink>
      ))}
    </div>
  );
}
