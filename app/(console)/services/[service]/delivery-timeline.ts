import type { Ctx } from "@/lib/context";
import { type DeploymentItem, listDeployments } from "@/lib/delivery/list-deployments";
import { type IncidentItem, listIncidents } from "@/lib/delivery/list-incidents";
import type { DeployMark, IncidentMark } from "./delivery-marks";

const MARKS = 200;
/** How far back an incident may have been created and still be open in the window. */
const OPEN_BEFORE_MS = 7 * 86_400_000;
const COMMITS_SAID = 3;

const minute = (at: Date) => `${at.toISOString().slice(0, 16).replace("T", " ")} UTC`;

function deployText(d: DeploymentItem): string {
  const head = [
    `Deployed ${d.version ?? d.externalId}`,
    d.result === "FAILURE" ? "FAILED" : null,
    `${d.commitCount} commit${d.commitCount === 1 ? "" : "s"}`,
    d.author ? `by ${d.author}` : null,
    minute(d.finishedAt),
  ];
  const messages = d.commits.slice(0, COMMITS_SAID).map((c) => `– ${c.commitMsg?.split("\n")[0] || c.commitSha}`);
  return [head.filter(Boolean).join(" · "), ...messages].join("\n");
}

function incidentText(i: IncidentItem): string {
  const end = i.resolvedAt ? `resolved ${minute(i.resolvedAt)}` : "still open";
  return `Incident: ${i.title}\ncreated ${minute(i.createdAt)} · ${end}`;
}

/** The service's production deployments in the window and its incidents open at some moment of it. */
export async function deliveryTimeline(
  ctx: Ctx,
  service: string,
  from: Date,
  to: Date,
): Promise<{ deploys: DeployMark[]; incidents: IncidentMark[] }> {
  const [deployments, incidents] = await Promise.all([
    listDeployments(ctx, {
      service,
      environment: "PRODUCTION",
      from: from.toISOString(),
      to: to.toISOString(),
      limit: MARKS,
    }),
    listIncidents(ctx, {
      service,
      from: new Date(from.getTime() - OPEN_BEFORE_MS).toISOString(),
      to: to.toISOString(),
      limit: MARKS,
    }),
  ]);
  return {
    deploys: deployments.items.map((d) => ({ at: d.finishedAt.getTime(), text: deployText(d) })),
    incidents: incidents.items
      .filter((i) => (i.resolvedAt ?? to).getTime() > from.getTime())
      .map((i) => ({
        from: Math.max(i.createdAt.getTime(), from.getTime()),
        to: Math.min((i.resolvedAt ?? to).getTime(), to.getTime()),
        text: incidentText(i),
      })),
  };
}
