import Link from "next/link";

/** A row of links of which one is current: window, grouping and metric switches. */
export function Segmented({
  label,
  options,
  current,
}: {
  label: string;
  options: { key: string; label: string; href: string }[];
  current: string;
}) {
  return (
    <div className="segmented" role="group" aria-label={label}>
      {options.map((option) => (
        <Link
          key={option.key}
          href={option.href}
          className={option.key === current ? "segment active" : "segment"}
          aria-current={option.key === current ? "true" : undefined}
        >
          {option.label}
        </Link>
      ))}
    </div>
  );
}
