import Link from "next/link";

/** The way to the forecasts from the pages whose figures they extend (anomalies, budgets). */
export function ForecastsLink({ label }: { label: string }) {
  return (
    <p className="small">
      <Link href="/anomalies/forecasts">{label} →</Link>
    </p>
  );
}
