import type { Metadata } from "next";
import { pageCtx } from "@/lib/auth/page-ctx";
import { can, type Ctx } from "@/lib/context";
import { VigilError } from "@/lib/errors";
import type { SearchParams } from "@/lib/http/page-params";
import { listProposals } from "@/lib/proposals/list-proposals";
import { agentMode } from "@/lib/settings/agent-mode";
import { Card } from "../_components/card";
import { Problem } from "../_components/filter-field";
import { PageHeader } from "../_components/not-built";
import { OlderPage } from "../_components/older-page";
import { Segmented } from "../_components/segmented";
import { AgentBanner } from "./agent-banner";
import {
  type AgentFilters,
  agentHref,
  agentParams,
  agentQuery,
  KIND_TABS,
  listFilters,
  PAGE_SIZE,
  STATUS_TABS,
} from "./agent-params";
import { AgentSummary } from "./agent-summary";
import { GenerateButton } from "./generate-button";
import { ProposalsTable } from "./proposals-table";
import styles from "./agent.module.css";

export const metadata: Metadata = { title: "Agent suggestions" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<SearchParams> };

async function readPage(ctx: Ctx, filters: AgentFilters, cursor: string | undefined) {
  try {
    const page = await listProposals(ctx, { ...listFilters(filters), cursor, limit: PAGE_SIZE });
    return { page, problem: null };
  } catch (err) {
    if (!(err instanceof VigilError) || err.code !== "bad_request") throw err;
    return { page: { items: [], nextCursor: null }, problem: err.message };
  }
}

function Tabs({ filters }: { filters: AgentFilters }) {
  const options = <T extends string>(tabs: Record<T, string>, key: "kind" | "status") =>
    (Object.entries(tabs) as [T, string][]).map(([value, label]) => ({
      key: value,
      label,
      href: agentHref(filters, { [key]: value }),
    }));
  return (
    <div className={styles.tabs}>
      <Segmented label="Kind" options={options(KIND_TABS, "kind")} current={filters.kind} />
      <Segmented label="Status" options={options(STATUS_TABS, "status")} current={filters.status} />
    </div>
  );
}

export default async function AgentPage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  const { filters, cursor, problem: badCursor } = agentParams(await searchParams);
  const { page, problem } = badCursor
    ? { page: { items: [], nextCursor: null }, problem: badCursor }
    : await readPage(ctx, filters, cursor);
  const mode = await agentMode(ctx);
  const mayGenerate = can(ctx.actor, "agent:run");
  return (
    <>
      <PageHeader
        title="Agent suggestions"
        subtitle="Refactors, teardowns and spend attributions the agent proposes, checked before anyone sees them, for people to approve"
        actions={mayGenerate ? <GenerateButton /> : undefined}
      />
      <AgentBanner mode={mode} />
      <AgentSummary ctx={ctx} />
      <Card id="proposals-title" title="Proposals" note={`newest first, ${PAGE_SIZE} a page`}>
        <Tabs filters={filters} />
        {problem && <Problem testId="invalid-parameter">Invalid parameter: {problem}</Problem>}
        <ProposalsTable
          items={page.items}
          empty={problem ? "Correct the address to see proposals." : "No proposals match these filters."}
        />
        <OlderPage
          path="/agent"
          query={agentQuery(filters)}
          param="cursor"
          value={page.nextCursor}
          label="Older proposals"
        />
      </Card>
    </>
  );
}
