import Link from "next/link";

/** A console address that names nothing (an unknown area, service, feature or trace), in the console's frame. */
export default function ConsoleNotFound() {
  return (
    <section className="card not-found" data-testid="not-found">
      <p className="not-found-code">404</p>
      <h1>Page not found</h1>
      <p className="muted">
        Nothing here by that name: the area, service, feature or trace may not exist, or not in the data Vigil holds.
      </p>
      <p>
        <Link href="/" className="button button-primary">
          Go to the overview
        </Link>
      </p>
    </section>
  );
}
