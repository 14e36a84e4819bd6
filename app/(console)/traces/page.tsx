import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import type { Ctx } from "@/lib/context";
import { toErrorBody } from "@/lib/errors";
import type { SearchParams } from "@/lib/http/page-params";
import { type SearchTracesInput, searchTraces } from "@/lib/traces/search-traces";
import { PageHeader } from "../_components/not-built";
import { FilterActions, FilterField } from "../_components/filter-field";
import { OlderPage } from "../_components/older-page";
import { RANGES, tracesParams } from "./params";

export const metadata: Metadata = { title: "Traces" };
export const dynamic = "force-dynamic";

const duration = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);

type Filters = ReturnType<typeof tracesParams>["filters"];
type TraceSummary = Awaited<ReturnType<typeof searchTraces>>["items"][number];

/** One page of traces, or the search's refusal of a filter. */
async function findTraces(ctx: Ctx, input: SearchTracesInput) {
  try {
    return { result: await searchTraces(ctx, input), problem: null };
  } catch (err) {
    // A filter the search refuses is said above the form's results; anything else is our failure.
    const { status, body } = toErrorBody(err);
    if (status !== 400) throw err;
    return { result: null, problem: body.error.message };
  }
}

export default async function TracesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { ctx } = await pageCtx("read");
  const { range, filters, input } = tracesParams(await searchParams);
  const { result, problem } = await findTraces(ctx, input);
  const query = new URLSearchParams(Object.entries({ ...filters, range }).filter(([, value]) => value !== ""));
  return (
    <>
      <PageHeader title="Traces" subtitle="Find a request and follow it through every service" />
      <section className="card">
        <TraceFilters filters={filters} range={range} />
        {problem && (
          <p className="form-error" role="alert" data-testid="invalid-parameter">
            {problem}
          </p>
        )}
        {result && result.items.length === 0 && <p className="empty-note">No traces match in the last {range}.</p>}
        {result && result.items.length > 0 && <TraceTable traces={result.items} />}
        <OlderPage path="/traces" query={query} param="cursor" value={result?.nextCursor} label="Older traces" />
      </section>
    </>
  );
}

function TraceFilters({ filters, range }: { filters: Filters; range: string }) {
  return (
    <form className="filters trace-filters" method="get" aria-label="Search traces">
      <FilterField name="service" label="Service" value={filters.service} placeholder="payments-api" maxLength={200} />
      <FilterField
        name="operation"
        label="Operation"
        value={filters.operation}
        placeholder="POST /v1/payments"
        maxLength={500}
      />
      <label>
        Status
        <select name="status" defaultValue={filters.status}>
          <option value="">any</option>
          <option value="error">error</option>
          <option value="ok">ok</option>
          <option value="unset">unset</option>
        </select>
      </label>
      <FilterField name="minDurationMs" label="Min ms" value={filters.minDurationMs} inputMode="decimal" />
      <FilterField name="maxDurationMs" label="Max ms" value={filters.maxDurationMs} inputMode="decimal" />
      <FilterField
        name="attr"
        label="Attribute"
        value={filters.attr}
        placeholder="http.route:/v1/payments"
        maxLength={500}
      />
      <label>
        Last
        <select name="range" defaultValue={range}>
          {Object.keys(RANGES).map((key) => (
            <option key={key}>{key}</option>
          ))}
        </select>
      </label>
      <FilterActions submitLabel="Search" clearHref="/traces" />
    </form>
  );
}

function TraceTable({ traces }: { traces: TraceSummary[] }) {
  return (
    <table className="table" data-testid="trace-list">
      <thead>
        <tr>
          <th>Start (UTC)</th>
          <th>Root service</th>
          <th>Root operation</th>
          <th className="num">Duration</th>
          <th className="num">Spans</th>
          <th>Status</th>
        </tr>
      </thead>
      <tbody>
        {traces.map((trace) => (
          <tr key={trace.traceId}>
            <td className="mono nowrap">
              <Link href={`/traces/${trace.traceId}`}>{trace.startTime.slice(0, 23).replace("T", " ")}</Link>
            </td>
            <td>{trace.rootService ?? <span className="muted">(root not received)</span>}</td>
            <td className="mono">{trace.rootOperation ?? "–"}</td>
            <td className="num">{duration(trace.durationMs)}</td>
            <td className="num">{trace.spanCount}</td>
            <td>
              {trace.error ? <span className="pill pill-critical">error</span> : <span className="pill">ok</span>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
