import Link from "next/link";
import type { ReactNode } from "react";
import { areaFor } from "./areas";

/** The honest page for an area that does not exist yet: what it will do, and no made-up numbers. */
export function NotBuiltYet({ href }: { href: string }) {
  const area = areaFor(href);
  return (
    <>
      <PageHeader title={area.label} subtitle={`For ${area.audience}`} />
      <section className="card empty" data-testid="not-built">
        <h2>Not built yet</h2>
        <p>{area.summary}.</p>
        <p className="muted">This area has no data in this version of Vigil. It will appear here once it is built.</p>
      </section>
    </>
  );
}

/**
 * The page's title and subtitle, with a link back to the page above it where there is one, and the
 * page's own links (`actions`) at the header's end.
 */
export function PageHeader({
  title,
  subtitle,
  back,
  actions,
}: {
  title: string;
  subtitle?: string;
  back?: { href: string; label: string };
  actions?: ReactNode;
}) {
  return (
    <>
      <header className="page-header">
        <h1>{title}</h1>
        {subtitle && <p className="muted">{subtitle}</p>}
        {actions && <div className="page-header-actions">{actions}</div>}
      </header>
      {back && (
        <p>
          <Link href={back.href}>{back.label}</Link>
        </p>
      )}
    </>
  );
}
