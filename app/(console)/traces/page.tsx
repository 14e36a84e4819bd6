import type { Metadata } from "next";
import { pageCtx } from "@/lib/auth/page-ctx";
import type { Ctx } from "@/lib/context";
import { toErrorBody } from "@/lib/errors";
import type { SearchParams } from "@/lib/http/page-params";
import { type SearchTracesInput, searchTraces } from "@/lib/traces/search-traces";
import { spanDurationHistogram } from "@/lib/traces/span-duration-histogram";
import { PageHeader } from "../_components/not-built";
import { FilterForm, type FilterSpec, Problem } from "../_components/filter-field";
import { OlderPage } from "../_components/older-page";
import { DurationChart } from "./duration-chart";
import { RANGES, tracesParams } from "./params";
import { TraceTable } from "./trace-table";
import styles from "./traces.module.css";

export const metadata: Metadata = { title: "Traces" };
export const dynamic = "force-dynamic";

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

/** One page of traces and the durations of the matching spans, or the search's refusal of a filter. */
async function findTraces(ctx: Ctx, input: SearchTracesInput) {
  try {
    const [result, durations] = await Promise.all([searchTraces(ctx, input), spanDurationHistogram(ctx, input)]);
    return { result, durations, problem: null };
  } catch (err) {
    // A filter the search refuses is said above the form's results; anything else is our failure.
    const { status, body } = toErrorBody(err);
    if (status !== 400) throw err;
    return { result: null, durations: null, problem: body.error.message };
  }
}

export default async function TracesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { ctx } = await pageCtx("read");
  const { range, sort, filters, input } = tracesParams(await searchParams);
  const { result, durations, problem } = await findTraces(ctx, input);
  const query = new URLSearchParams(Object.entries({ ...filters, range, sort }).filter(([, value]) => value !== ""));
  const sortHref = (next: string) => `/traces?${new URLSearchParams({ ...Object.fromEntries(query), sort: next })}`;
  return (
    <>
      <PageHeader title="Traces" subtitle="Find a request and follow it through every service" />
      <section className="card">
        <FilterForm
          label="Search traces"
          className={styles.filters}
          fields={FIELDS}
          values={{ ...filters, range }}
          submitLabel="Search"
          clearHref="/traces"
        >
          <input type="hidden" name="sort" value={sort} />
        </FilterForm>
        {problem && <Problem testId="invalid-parameter">{problem}</Problem>}
        {durations && durations.total > 0 && <DurationChart buckets={durations.buckets} total={durations.total} />}
        {result && <TraceTable traces={result.items} range={range} sort={sort} sortHref={sortHref} />}
        <OlderPage
          path="/traces"
          query={query}
          param="cursor"
          value={result?.nextCursor}
          label={sort === "-start" ? "Older traces" : "More traces"}
        />
      </section>
    </>
  );
}
