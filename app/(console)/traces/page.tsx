import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import type { Ctx } from "@/lib/context";
import { toErrorBody } from "@/lib/errors";
import type { SearchParams } from "@/lib/http/page-params";
import { type SearchTracesInput, searchTraces } from "@/lib/traces/search-traces";
import { PageHeader } from "../_components/not-built";
import { DataTable, num } from "../_components/data-table";
import { FilterForm, type FilterSpec, Problem } from "../_components/filter-field";
import { OlderPage } from "../_components/older-page";
import { RANGES, tracesParams } from "./params";

export const metadata: Metadata = { title: "Traces" };
export const dynamic = "force-dynamic";

const duration = (ms: number) => (ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms.toFixed(ms < 10 ? 2 : 0)} ms`);

const FIELDS: FilterSpec[] = [
  { name: "service", label: "Service", placeholder: "payments-api", maxLength: 200 },
  { name: "operation", label: "Operation", placeholder: "POST /v1/payments", maxLength: 500 },
  {
    name: "status",
    label: "Status",
    options: [
      ["", "any"],
      ["error", "error"],
      ["ok", "ok"],
      ["unset", "unset"],
    ],
  },
  { name: "minDurationMs", label: "Min ms", inputMode: "decimal" },
  { name: "maxDurationMs", label: "Max ms", inputMode: "decimal" },
  { name: "attr", label: "Attribute", placeholder: "http.route:/v1/payments", maxLength: 500 },
  { name: "range", label: "Last", options: Object.keys(RANGES).map((key) => [key, key] as const) },
];
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
        <FilterForm
          label="Search traces"
          className="trace-filters"
          fields={FIELDS}
          values={{ ...filters, range }}
          submitLabel="Search"
          clearHref="/traces"
        />
        {problem && <Problem testId="invalid-parameter">{problem}</Problem>}
        {result && <TraceTable traces={result.items} range={range} />}
        <OlderPage path="/traces" query={query} param="cursor" value={result?.nextCursor} label="Older traces" />
      </section>
    </>
  );
}

function TraceTable({ traces, range }: { traces: TraceSummary[]; range: string }) {
  return (
    <DataTable
      testId="trace-list"
      columns={["Start (UTC)", "Root service", "Root operation", num("Duration"), num("Spans"), "Status"]}
      items={traces}
      empty={`No traces match in the last ${range}.`}
      row={(trace) => (
        <tr key={trace.traceId}>
          <td className="mono nowrap">
            <Link href={`/traces/${trace.traceId}`}>{trace.startTime.slice(0, 23).replace("T", " ")}</Link>
          </td>
          <td>{trace.rootService ?? <span className="muted">(root not received)</span>}</td>
          <td className="mono">{trace.rootOperation ?? "–"}</td>
          <td className="num">{duration(trace.durationMs)}</td>
          <td className="num">{trace.spanCount}</td>
          <td>{trace.error ? <span className="pill pill-critical">error</span> : <span className="pill">ok</span>}</td>
        </tr>
      )}
    />
  );
}
