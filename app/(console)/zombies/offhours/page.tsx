import type { Metadata } from "next";
import { pageCtx } from "@/lib/auth/page-ctx";
import type { Ctx } from "@/lib/context";
import { formatUsd } from "@/lib/decimal";
import { VigilError } from "@/lib/errors";
import { firstValue, type SearchParams } from "@/lib/http/page-params";
import { listOffHours, type OffHoursView } from "@/lib/zombies/list-offhours";
import { getLastScan } from "@/lib/zombies/scan-if-due";
import { Card } from "../../_components/card";
import { Cell } from "../../_components/cell";
import { DataTable, num } from "../../_components/data-table";
import { Problem } from "../../_components/filter-field";
import { PageHeader } from "../../_components/not-built";
import { OlderPage } from "../../_components/older-page";
import { Tile } from "../../_components/tile";
import { minuteText } from "../zombie-format";
import { ZombieTabs } from "../zombie-tabs";
import styles from "../zombies.module.css";
import { monthText, scheduleText } from "./offhours-format";

export const metadata: Metadata = { title: "Off-hours" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<SearchParams> };
type Proposals = Awaited<ReturnType<typeof listOffHours>>;

async function readProposals(ctx: Ctx, cursor: string | undefined): Promise<Proposals & { problem: string | null }> {
  try {
    return { ...(await listOffHours(ctx, { cursor, limit: 50 })), problem: null };
  } catch (err) {
    if (err instanceof VigilError && err.code === "bad_request")
      return { items: [], nextCursor: null, totals: [], scannedAt: null, problem: err.message };
    throw err;
  }
}

const WHAT =
  "a running instance or database in a non-production environment (dev, staging, preview, test…), billed in the last 30 days, that is no zombie finding and not tagged vigil-protect";

export default async function OffHoursPage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  const cursor = firstValue((await searchParams).cursor) || undefined;
  const [proposals, lastScan] = await Promise.all([readProposals(ctx, cursor), getLastScan(ctx)]);
  const scannedAt = proposals.scannedAt ?? lastScan?.scannedAt ?? null;
  const empty = scannedAt
    ? `Nothing to propose: the last scan (${minuteText(scannedAt)}) found no ${WHAT}.`
    : `No scan has run yet. A scan proposes a schedule for ${WHAT}.`;
  return (
    <>
      <PageHeader
        title="Off-hours"
        subtitle="Non-production compute that is used, but not at night: stopping it nights and weekends saves its hourly cost for those hours. Proposals only: Vigil never stops anything."
      />
      <ZombieTabs current="offhours" />
      <OffHoursTiles totals={proposals.totals} month={proposals.items[0]?.month} />
      <Card
        id="offhours-title"
        title="Proposed schedules"
        note={`largest saving first, 50 a page${scannedAt ? `; as of the scan ${minuteText(scannedAt)}` : ""}`}
      >
        {proposals.problem && <Problem testId="invalid-parameter">Invalid parameter: {proposals.problem}</Problem>}
        <DataTable
          testId="offhours-proposals"
          stacked
          columns={[
            "Resource",
            "Environment",
            "Schedule",
            num("Off hours a month"),
            num("Hourly cost"),
            num("Monthly saving"),
          ]}
          items={proposals.items}
          empty={empty}
          row={(p) => <ProposalRow key={`${p.resourceKey}/${p.currency}`} proposal={p} />}
        />
        <OlderPage path="/zombies/offhours" param="cursor" value={proposals.nextCursor} label="More proposals" />
      </Card>
    </>
  );
}

/** One tile per currency (never added across currencies): the month's saving over every proposal. */
function OffHoursTiles({ totals, month }: { totals: Proposals["totals"]; month: string | undefined }) {
  if (!totals.length) return null;
  const several = totals.length > 1;
  return (
    <section className="tiles" aria-label="Off-hours savings">
      {totals.map((t) => (
        <Tile
          key={t.currency}
          label={several ? `Off-hours saving, ${t.currency}` : "Off-hours saving"}
          value={formatUsd(t.monthlySaving, { currency: t.currency })}
          hint={`${t.resources.toLocaleString("en-US")} ${t.resources === 1 ? "resource" : "resources"}${month ? `, ${monthText(month)}` : ""}`}
          testId="tile-offhours-saving"
        />
      ))}
    </section>
  );
}

function ProposalRow({ proposal: p }: { proposal: OffHoursView }) {
  const label = p.name ?? p.resourceId;
  return (
    <tr>
      <Cell label="Resource" className={styles.resourceCell}>
        <span className={`${styles.resource} mono`} title={p.arn ?? p.resourceId}>
          {label}
        </span>
        <span className={`${styles.resource} muted small mono`} title={p.resourceId}>
          {p.name ? p.resourceId : p.kind}
        </span>
      </Cell>
      <Cell label="Environment">
        <span className={styles.resource} title={p.environment}>
          {p.environment}
        </span>
        {p.team && <div className="muted small">{p.team}</div>}
      </Cell>
      <Cell label="Schedule">{scheduleText(p.schedule)}</Cell>
      <Cell label="Off hours" className="num">
        {p.offHours} of {p.hoursInMonth}
        <div className="muted small">{monthText(p.month)}</div>
      </Cell>
      <Cell label="Hourly cost" className="num">
        {formatUsd(p.hourlyCost, { currency: p.currency, unitPrice: true })}
      </Cell>
      <Cell label="Saving" className="num">
        <strong>{formatUsd(p.monthlySaving, { currency: p.currency })}</strong>
      </Cell>
    </tr>
  );
}
