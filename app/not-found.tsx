import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Page not found" };

/** Any address no page answers, outside the console's frame (it may be asked for signed out). */
export default function NotFound() {
  return (
    <main className="not-found-page">
      <section className="card not-found" data-testid="not-found">
        <p className="brand auth-brand">
          <span className="brand-mark" aria-hidden>
            ◆
          </span>{" "}
          Vigil
        </p>
        <p className="not-found-code">404</p>
        <h1>Page not found</h1>
        <p className="muted">There is no page at this address. It may have moved, or the link may be mistyped.</p>
        <p>
          <Link href="/" className="button button-primary">
            Go to the overview
          </Link>
        </p>
      </section>
    </main>
  );
}
