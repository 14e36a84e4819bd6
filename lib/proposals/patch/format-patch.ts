import { createHash } from "node:crypto";
import { diffstat, type FileDiff, renderFileDiff } from "@/lib/proposals/patch/file-diff";
import { oneLine } from "@/lib/proposals/patch/message-text";

// The mbox text `git format-patch` writes for one commit, which `git am` applies: the mbox "From"
// line (a fixed date git uses for all patches), mail headers, the message, "---", a diffstat, the
// diffs and the signature. The 40 hex digits are a hash of the rest, so the same proposal
// approved the same way gives the same text.

export const SIGNATURE = "-- \nVigil\n";
export const AUTHOR = "Vigil <vigil@localhost>";

export interface PatchMessage {
  subject: string;
  /** The commit message's body, already safe (see message-text.ts). */
  body: string;
  date: Date;
  files: FileDiff[];
}

const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** RFC 2822 date in UTC, as git writes it: "Mon, 7 Dec 2026 12:00:00 +0000". */
export function rfc2822(date: Date): string {
  const time = date.toISOString().slice(11, 19);
  return `${DAYS[date.getUTCDay()]}, ${date.getUTCDate()} ${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()} ${time} +0000`;
}

export function formatPatch(message: PatchMessage): string {
  if (!message.files.length) throw new Error("formatPatch: a patch needs at least one file");
  const subject = oneLine(message.subject, 150) || "Vigil proposal";
  const rest = [
    `From: ${AUTHOR}`,
    `Date: ${rfc2822(message.date)}`,
    `Subject: [PATCH] ${subject}`,
    "MIME-Version: 1.0",
    "Content-Type: text/plain; charset=UTF-8",
    "Content-Transfer-Encoding: 8bit",
    "",
    message.body.trimEnd(),
    "---",
    diffstat(message.files),
    "",
    "",
  ].join("\n");
  const text = `${rest}${message.files.map(renderFileDiff).join("")}${SIGNATURE}`;
  const hash = createHash("sha1").update(text).digest("hex");
  return `From ${hash} Mon Sep 17 00:00:00 2001\n${text}\n`;
}
