import Link from "next/link";

/** "Older … →": the same filters, one page further back, or nothing on the last page. */
export function OlderPage({
  path,
  query,
  param,
  value,
  label,
}: {
  path: string;
  query?: URLSearchParams;
  param: string;
  value: string | null | undefined;
  label: string;
}) {
  if (!value) return null;
  return (
    <p className="pager">
      <Link href={`${path}?${new URLSearchParams({ ...Object.fromEntries(query ?? []), [param]: value })}`}>
        {label} →
      </Link>
    </p>
  );
}
