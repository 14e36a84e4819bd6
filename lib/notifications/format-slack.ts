import type { Notice } from "./schemas";

// Slack incoming webhooks take `text` (the fallback shown in notifications) and `blocks`
// (https://api.slack.com/reference/block-kit/blocks). Limits: header text 150 characters,
// section and context text 3,000.

/** Slack's mrkdwn treats &, < and > as control characters: they are sent escaped. */
export function escapeSlack(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function cut(value: string, max: number): string {
  const chars = [...value];
  return chars.length <= max ? value : `${chars.slice(0, max - 1).join("")}…`;
}

export function headline(notice: Notice): string {
  const state = notice.state === "firing" ? "FIRING" : "RESOLVED";
  return `[${state} ${notice.severity}] ${notice.title}`;
}

function facts(notice: Notice): string {
  const parts = [`severity ${notice.severity}`, `source ${notice.source}`];
  if (notice.service) parts.push(`service ${notice.service}`);
  if (notice.team) parts.push(`team ${notice.team}`);
  return parts.join(" · ");
}

export function slackBody(notice: Notice): Record<string, unknown> {
  const blocks: Record<string, unknown>[] = [
    { type: "header", text: { type: "plain_text", text: cut(headline(notice), 150) } },
    { type: "section", text: { type: "mrkdwn", text: cut(escapeSlack(notice.summary || notice.title), 3000) } },
    { type: "context", elements: [{ type: "mrkdwn", text: cut(escapeSlack(facts(notice)), 3000) }] },
  ];
  if (notice.url) {
    blocks.push({
      type: "actions",
      elements: [{ type: "button", text: { type: "plain_text", text: "Open in Vigil" }, url: notice.url }],
    });
  }
  return { text: cut(escapeSlack(headline(notice)), 3000), blocks };
}
