import type { ReactNode } from "react";

/** A titled card: the heading (labelling the section) with a muted note or other controls beside it. */
export function Card({
  id,
  title,
  note,
  aside,
  children,
}: {
  id: string;
  title: ReactNode;
  note?: ReactNode;
  aside?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <section className="card" aria-labelledby={id}>
      <div className="card-head">
        <h2 id={id}>{title}</h2>
        {note && <span className="muted">{note}</span>}
        {aside}
      </div>
      {children}
    </section>
  );
}
