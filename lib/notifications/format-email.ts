import { headline } from "./format-slack";
import type { Notice } from "./schemas";

/** Subject and plain-text body of a notification e-mail; line breaks never reach the subject. */
export function emailMessage(notice: Notice): { subject: string; text: string } {
  const lines = [
    headline(notice),
    "",
    notice.summary,
    "",
    `Severity: ${notice.severity}`,
    `Service: ${notice.service ?? "-"}`,
    `Team: ${notice.team ?? "-"}`,
    `Source: ${notice.source}`,
    `Alert key: ${notice.key}`,
    ...Object.entries(notice.labels).map(([name, value]) => `${name}: ${value}`),
  ];
  if (notice.url) lines.push("", notice.url);
  return { subject: `[Vigil] ${headline(notice)}`.replace(/[\r\n]+/g, " ").slice(0, 250), text: lines.join("\n") };
}
