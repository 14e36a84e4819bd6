import type { ReactNode } from "react";

/** A column heading; `num` right-aligns it over its figures. `false` leaves an optional column out. */
export type Column = string | { label: ReactNode; num?: boolean } | false;

/** A right-aligned column heading, over figures. */
export const num = (label: ReactNode): Column => ({ label, num: true });

/**
 * The console's table: one header row, one row per item, or the empty note instead when `empty` is given
 * and there are no items. `stacked`: in a card narrower than 640 px each row becomes a block of labelled
 * lines (its cells must be `Cell`s, which carry their column's name).
 */
export function DataTable<T>({
  testId,
  className,
  columns,
  items,
  row,
  empty,
  stacked,
}: {
  testId?: string;
  className?: string;
  columns: Column[];
  items: T[];
  row: (item: T) => ReactNode;
  empty?: ReactNode;
  stacked?: boolean;
}) {
  if (empty !== undefined && items.length === 0) return <p className="empty-note">{empty}</p>;
  const classes = ["table", stacked && "stackable", className].filter(Boolean).join(" ");
  const table = (
    <table className={classes} data-testid={testId}>
      <thead>
        <tr>
          {columns.map((column, index) => {
            if (column === false) return null;
            const { label, num } = typeof column === "string" ? { label: column, num: false } : column;
            return (
              <th key={index} className={num ? "num" : undefined}>
                {label}
              </th>
            );
          })}
        </tr>
      </thead>
      <tbody>{items.map(row)}</tbody>
    </table>
  );
  return stacked ? <div className="stack-wrap">{table}</div> : table;
}
