import type { Metadata } from "next";
import { pageCtx } from "@/lib/auth/page-ctx";
import type { Ctx } from "@/lib/context";
import { VigilError } from "@/lib/errors";
import { firstValue, type SearchParams } from "@/lib/http/page-params";
import { UNDECIDED } from "@/lib/zombies/finding-records";
import { listZombies } from "@/lib/zombies/list-zombies";
import { Card } from "../../_components/card";
import { Problem } from "../../_components/filter-field";
import { PageHeader } from "../../_components/not-built";
import { FindingsTable } from "../findings-table";
import { dueAt, dueText, minuteText, queueOrder } from "../zombie-format";
import { ZombieTabs } from "../zombie-tabs";

export const metadata: Metadata = { title: "Approval queue" };
export const dynamic = "force-dynamic";

type Props = { searchParams: Promise<SearchParams> };

// Each undecided status is read up to the list's page limit; the queue is what FinOps works through
// in a sitting, and a longer one says so rather than pretending to be complete.
const PER_STATUS = 200;

/** The queue, or the problem with the team filter to show in its place. */
async function readQueue(ctx: Ctx, team: string | undefined) {
  try {
    const pages = await Promise.all(
      UNDECIDED.map((status) =>
        listZombies(ctx, { status, team, protected: "exclude", limit: PER_STATUS, sort: "first-seen" }),
      ),
    );
    const items = queueOrder(pages.flatMap((p) => p.items));
    return { items, truncated: pages.some((p) => p.nextCursor !== null), problem: null };
  } catch (err) {
    if (err instanceof VigilError && err.code === "bad_request")
      return { items: [], truncated: false, problem: err.message };
    throw err;
  }
}

export default async function QueuePage({ searchParams }: Props) {
  const { ctx } = await pageCtx("read");
  const team = firstValue((await searchParams).team) || undefined;
  const queue = await readQueue(ctx, team);
  const shown = queue.problem ? undefined : team;
  const now = new Date();
  return (
    <>
      <PageHeader
        title={shown ? `Approval queue of team ${shown}` : "Approval queue"}
        subtitle="Findings waiting for a decision (new, notified, snoozed): the oldest deadline first (the owner's, or when a snooze ends), then those not notified yet"
      />
      <ZombieTabs current="queue" />
      <Card id="queue-title" title={`${queue.items.length.toLocaleString("en-US")} waiting`}>
        {queue.problem && <Problem testId="invalid-parameter">Invalid parameter: {queue.problem}</Problem>}
        {queue.truncated && (
          <p className="notice" data-testid="queue-truncated">
            More than {PER_STATUS} findings in one status: the newest {PER_STATUS} of each are shown. Filter by team on
            the Findings tab to see the rest.
          </p>
        )}
        <FindingsTable
          items={queue.items}
          empty="Nothing waits for a decision."
          extra={{
            label: "Due",
            cell: (f) => {
              const at = dueAt(f);
              if (!at) return <span className="muted">not notified yet</span>;
              return (
                <span title={minuteText(at)} className="nowrap">
                  {dueText(at, now)}
                </span>
              );
            },
          }}
        />
      </Card>
    </>
  );
}
