import Link from "next/link";
import { evidenceHref } from "./proposal-format";

/** An evidence id (kind:id) as a link to its page, or as plain text where Vigil has no page for it. */
export function EvidenceLink({ id }: { id: string }) {
  const href = evidenceHref(id);
  if (!href) return <span className="mono">{id}</span>;
  return (
    <Link href={href} className="mono" data-testid="evidence-link">
      {id}
    </Link>
  );
}
