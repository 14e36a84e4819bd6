import type { Ctx } from "@/lib/context";
import { listProposals } from "@/lib/proposals/list-proposals";
import type { ProposalListItem, ProposalStatus } from "@/lib/proposals/types";
import { Tile } from "../_components/tile";
import { moneyText, savingsByCurrency } from "./proposal-format";
import styles from "./agent.module.css";

/** Pages read for the header's figures: past 1,000 proposals of a status the count says "1,000+". */
const MAX_PAGES = 10;

/** Every decidable proposal of a status (explanations are never decided), up to MAX_PAGES pages. */
async function decidable(ctx: Ctx, status: ProposalStatus): Promise<{ items: ProposalListItem[]; more: boolean }> {
  const items: ProposalListItem[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const answer = await listProposals(ctx, { status, cursor, limit: 100 });
    items.push(...answer.items.filter((item) => item.kind !== "explanation"));
    if (!answer.nextCursor) return { items, more: false };
    cursor = answer.nextCursor;
  }
  return { items, more: true };
}

const countText = (n: number, more: boolean) => `${n.toLocaleString("en-US")}${more ? "+" : ""}`;

/**
 * What waits for people: valid proposals awaiting a decision and their recomputed monthly saving, one
 * figure per currency (never added across currencies), and how many validation rejected.
 */
export async function AgentSummary({ ctx }: { ctx: Ctx }) {
  const [awaiting, rejected] = await Promise.all([decidable(ctx, "valid"), decidable(ctx, "rejected")]);
  const { totals, withoutFigure } = savingsByCurrency(awaiting.items);
  return (
    <div className={`tiles ${styles.tiles}`} data-testid="agent-summary">
      <Tile
        label="Awaiting a decision"
        value={countText(awaiting.items.length, awaiting.more)}
        hint="valid refactors, teardowns and attributions"
        testId="summary-awaiting"
      />
      {totals.length === 0 ? (
        <Tile label="Saving a month" value="—" hint="no recomputed figure awaiting" muted testId="summary-saving" />
      ) : (
        totals.map((total) => (
          <Tile
            key={total.currency}
            label={`Saving a month, ${total.currency}`}
            value={moneyText(total.total, total.currency)}
            hint={`recomputed from the bill, ${total.count} proposal(s)${withoutFigure ? `; ${withoutFigure} without a figure` : ""}`}
            testId="summary-saving"
          />
        ))
      )}
      <Tile
        label="Rejected by validation"
        value={countText(rejected.items.length, rejected.more)}
        hint="kept with the checks they failed"
        testId="summary-rejected"
      />
    </div>
  );
}
