import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can } from "@/lib/context";
import type { CurrencyTotal } from "@/lib/costs/currency-totals";
import { type ImportPage, listImports } from "@/lib/costs/list-imports";
import { VigilError } from "@/lib/errors";
import { formatUsd } from "@/lib/decimal";
import { PageHeader } from "../../_components/not-built";
import { UploadForm } from "./upload-form";

export const metadata: Metadata = { title: "Billing imports" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<{ after?: string }> };

const bytes = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;

/** One amount per currency, one line each: amounts in different currencies are never added. */
function Amounts({ totals, pick }: { totals: CurrencyTotal[]; pick: "billedCost" | "effectiveCost" }) {
  if (totals.length === 0) return <>–</>;
  return (
    <>
      {totals.map((total) => (
        <div key={total.currency} className="nowrap">
          {total.currency === "USD"
            ? formatUsd(total[pick])
            : `${formatUsd(total[pick]).replace("$", "")} ${total.currency}`}
        </div>
      ))}
    </>
  );
}

export default async function ImportsPage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  const { after } = await searchParams;
  let page: ImportPage = { items: [], nextAfter: null };
  let problem: string | null = null;
  try {
    page = await listImports(ctx, { limit: 50, after });
  } catch (err) {
    // A bad page link (?after=zz) is said on the page, naming the parameter, like other filters.
    if (!(err instanceof VigilError && err.code === "bad_request")) throw err;
    problem = err.message;
  }
  return (
    <>
      <PageHeader
        title="Billing imports"
        subtitle="Every billing file imported, by upload, API or the watched folder, including the ones refused"
      />
      {can(ctx.actor, "ingest:billing") && (
        <section className="card" aria-labelledby="upload-title">
          <div className="card-head">
            <h2 id="upload-title">Import a file</h2>
            <span className="muted">
              CSV, JSON lines or Parquet, gzip or not. A file lands whole or not at all; importing a billing period
              again replaces it.
            </span>
          </div>
          <UploadForm />
        </section>
      )}
      <section className="card" aria-labelledby="imports-title">
        <div className="card-head">
          <h2 id="imports-title">Imports</h2>
          <Link href="/costs">← Costs</Link>
        </div>
        {problem ? (
          <p className="form-error" role="alert" data-testid="imports-problem">
            {problem} <Link href="/costs/imports">Newest imports</Link>
          </p>
        ) : page.items.length === 0 ? (
          <p className="empty-note">Nothing imported yet.</p>
        ) : (
          <table className="table" data-testid="imports">
            <thead>
              <tr>
                <th>When (UTC)</th>
                <th>File</th>
                <th>Source</th>
                <th>Period</th>
                <th className="num">Rows</th>
                <th className="num">Billed</th>
                <th className="num">Effective</th>
                <th className="num">Took</th>
                <th>Status</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((item) => (
                <tr key={item.id}>
                  <td className="nowrap">{item.createdAt.slice(0, 16).replace("T", " ")}</td>
                  <td>
                    <span className="strong">{item.fileName}</span>
                    <div className="muted small">
                      {item.format} · {bytes(item.bytes)} · {item.createdBy}
                    </div>
                  </td>
                  <td>{item.via}</td>
                  <td className="nowrap">
                    {item.periodStart ? `${item.periodStart.slice(0, 10)} – ${item.periodEnd?.slice(0, 10)}` : "–"}
                  </td>
                  <td className="num">{item.rows.toLocaleString("en-US")}</td>
                  <td className="num">
                    <Amounts totals={item.totals} pick="billedCost" />
                  </td>
                  <td className="num">
                    <Amounts totals={item.totals} pick="effectiveCost" />
                  </td>
                  <td className="num">{item.durationMs === null ? "–" : `${(item.durationMs / 1000).toFixed(1)} s`}</td>
                  <td className="summary-cell">
                    <span className={`pill pill-${item.status === "queued" ? "running" : item.status}`}>
                      {item.status}
                    </span>
                    {item.status === "queued" && (
                      <div className="muted small">waiting for another import of the same billing period</div>
                    )}
                    {item.status === "replaced" && (
                      <div className="muted small">by a newer import of the same period</div>
                    )}
                    {item.status === "succeeded" && item.replacedRows > 0 && (
                      <div className="muted small">
                        replaced {item.replacedRows.toLocaleString("en-US")} earlier lines
                      </div>
                    )}
                    {item.error && <div className="bad small">{item.error.message}</div>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {page.nextAfter && (
          <p className="pager">
            <Link href={`/costs/imports?after=${page.nextAfter}`}>Older imports →</Link>
          </p>
        )}
      </section>
    </>
  );
}
