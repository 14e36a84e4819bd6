import type { Metadata } from "next";
import Link from "next/link";
import { pageCtx } from "@/lib/auth/page-ctx";
import type { SearchParams } from "@/lib/http/page-params";
import { can } from "@/lib/context";
import { listZombies } from "@/lib/zombies/list-zombies";
import { getLastScan } from "@/lib/zombies/scan-if-due";
import { getZombieSavings } from "@/lib/zombies/savings";
import { summarizeZombies } from "@/lib/zombies/summarize-zombies";
import { Card } from "../_components/card";
import { Problem } from "../_components/filter-field";
import { PageHeader } from "../_components/not-built";
import { OlderPage } from "../_components/older-page";
import { FindingsTable } from "./findings-table";
import { mainCurrency } from "./group-order";
import { SavingsChart } from "./savings-chart";
import { SavingsTiles } from "./savings-tiles";
import { ScanBar } from "./scan-bar";
import { zombiesHref, zombiesQuery } from "./zombie-format";
import { SortLinks, ZombieFilterForm } from "./zombie-filters";
import { ZombieGroups } from "./zombie-groups";
import { ZombieTabs } from "./zombie-tabs";
import { PAGE_SIZE, zombiesParams } from "./zombies-params";
import styles from "./zombies.module.css";

export const metadata: Metadata = { title: "Zombies" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<SearchParams> };

const EMPTY_GROUPS = { byRule: [], byTeam: [], byEnvironment: [] };

function ZombiesHeader({ team, filters }: { team: string | undefined; filters: Parameters<typeof zombiesHref>[0] }) {
  return (
    <>
      <PageHeader
        title={team ? `Zombies of team ${team}` : "Zombies"}
        subtitle={
          team
            ? `Idle resources team ${team} owns: what they cost a month, the evidence, and where their teardown stands`
            : "Idle resources with the evidence that they are idle, what they cost a month, and the teardown queue FinOps approves"
        }
      />
      {team && (
        <p className={styles.teamNote}>
          <Link href={zombiesHref({ ...filters, team: undefined })}>← Every team</Link> ·{" "}
          <Link href={`/zombies/queue?${new URLSearchParams({ team })}`}>Team {team}&apos;s approval queue →</Link>
        </p>
      )}
    </>
  );
}

export default async function ZombiesPage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  const { input, problem, order, filters } = zombiesParams(await searchParams);
  const [savings, summary, list, known, lastScan] = await Promise.all([
    getZombieSavings(ctx),
    input ? summarizeZombies(ctx, input) : EMPTY_GROUPS,
    input ? listZombies(ctx, input) : { items: [], nextCursor: null },
    summarizeZombies(ctx, { status: "all" }),
    getLastScan(ctx),
  ]);
  const team = input?.team;
  const currency = mainCurrency(savings.totals);
  return (
    <>
      <ZombiesHeader team={team} filters={filters} />
      <ZombieTabs current="findings" />
      <ScanBar last={lastScan as Parameters<typeof ScanBar>[0]["last"]} canScan={can(ctx.actor, "costs:manage")} />
      <h2 className={styles.rowTitle}>Savings a month, every team</h2>
      <SavingsTiles savings={savings} />
      <Card id="savings-title" title="Savings over time" note="every team; each day as its last scan left it">
        {savings.history.length ? (
          <SavingsChart history={savings.history} main={currency} />
        ) : (
          <p className="empty-note">No scan has recorded savings yet.</p>
        )}
      </Card>
      <Card id="groups-title" title="Where the idle spend is" note="the findings below, grouped; a name filters by it">
        <ZombieGroups summary={summary} filters={filters} order={order} currency={currency} />
      </Card>
      <Card id="findings-title" title="Findings" note={`${PAGE_SIZE} a page`}>
        <ZombieFilterForm filters={filters} known={known} />
        {problem && <Problem testId="invalid-parameter">Invalid parameter: {problem}</Problem>}
        <SortLinks filters={filters} />
        <FindingsTable
          items={list.items}
          empty={problem ? "Correct the filter to see findings." : "No findings match these filters."}
        />
        <OlderPage
          path="/zombies"
          query={zombiesQuery(filters)}
          param="cursor"
          value={list.nextCursor}
          label="More findings"
        />
      </Card>
    </>
  );
}
