import type { ReactNode } from "react";

/**
 * A table cell that names its column, so a `stacked` DataTable can show it as a labelled line on a
 * narrow card. Its content sits in one block: the label and the value are the cell's two columns then.
 */
export function Cell({
  label,
  className,
  title,
  children,
}: {
  label: string;
  className?: string;
  title?: string;
  children?: ReactNode;
}) {
  return (
    <td data-label={label} className={className} title={title}>
      <div>{children}</div>
    </td>
  );
}
