import Link from "next/link";

export default function Forbidden() {
  return (
    <section className="card empty forbidden" data-testid="forbidden">
      <h1>You do not have access to this page</h1>
      <p className="muted">Your role does not include it. An admin can change your role under People &amp; keys.</p>
      <p>
        <Link href="/">Back to the overview</Link>
      </p>
    </section>
  );
}
