import type { DeliveryProfile } from "./demo-delivery-profiles";
import { type Change, dayRandom, HOTFIX_PR_SLOT, MINUTE_MS, prNumber, type Release } from "./demo-delivery-releases";
import { DEMO_PAGES } from "./demo-delivery-texts";
import { between, hex, lognormal, pick, type Random } from "./demo-random";

// The pages the demo teams' releases cause, and the hotfixes some of them ship while the page is open.

export interface Page {
  key: string;
  service: string;
  title: string;
  severity: string;
  createdAt: number;
  resolvedAt: number | null;
}

const KEY_CHARS = "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789";

/** A PagerDuty-style incident id: Q and 13 capitals or digits. */
export const pageKey = (random: Random) =>
  "Q" + Array.from({ length: 13 }, () => KEY_CHARS[Math.floor(random() * KEY_CHARS.length)]).join("");

export const pageUrl = (key: string) => `https://acme.pagerduty.com/incidents/${key}`;

/** A revert of the release's first change, coded, reviewed and merged between the page and `startedAt`. */
function revert(random: Random, broken: Release, createdAt: number, startedAt: number): Change {
  const span = startedAt - createdAt;
  const title = broken.changes[0]?.title ?? "the last release";
  return {
    number: prNumber(broken.day, HOTFIX_PR_SLOT),
    title: `Revert "${title}"`,
    firstCommitAt: Math.round(createdAt + 0.25 * span),
    openedAt: Math.round(createdAt + 0.45 * span),
    mergedAt: Math.round(createdAt + 0.85 * span),
    mergeSha: hex(random, 40),
    branchShas: [hex(random, 40)],
  };
}

function hotfixFor(random: Random, broken: Release, createdAt: number): Release {
  const { profile } = broken;
  const startedAt = createdAt + between(random, ...profile.hotfixAfterMin) * MINUTE_MS;
  const finishedAt = startedAt + Math.round(lognormal(random, profile.pipelineMin, 0.25) * MINUTE_MS);
  return {
    ...broken,
    id: `${broken.id}/hotfix`,
    prod: { startedAt, finishedAt },
    failed: null,
    staging: null,
    hotfix: true,
    changes: [revert(random, broken, createdAt, startedAt)],
    releaseCommit: null,
  };
}

/**
 * Each breaking release pages between its finish and the next release's (so the incident links to
 * it), and is resolved `restoreMin` later; a hotfix ships while it is open when the profile says so
 * and it finishes before `beforeMs`.
 */
export function pagesOf(
  profile: DeliveryProfile,
  releases: readonly Release[],
  beforeMs: number,
): { pages: Page[]; hotfixes: Release[] } {
  const pages: Page[] = [];
  const hotfixes: Release[] = [];
  releases.forEach((r, i) => {
    const random = dayRandom(profile, r.day, 1 + r.slot);
    if (!profile.breaks(r.day, r.slot, random)) return;
    const finished = r.prod.finishedAt;
    const next = releases[i + 1]?.prod.finishedAt ?? Number.POSITIVE_INFINITY;
    if (next - finished < 2 * MINUTE_MS) return;
    let createdAt = finished + between(random, ...profile.detectMin) * MINUTE_MS;
    if (createdAt >= next) createdAt = Math.round(finished + (next - finished) / 2);
    const resolvedAt = createdAt + between(random, ...profile.restoreMin) * MINUTE_MS;
    const { title, severity } = pick(random, DEMO_PAGES[profile.service]);
    pages.push({ key: pageKey(random), service: profile.service, title, severity, createdAt, resolvedAt });
    if (!profile.hotfixes(r.day, r.slot, random)) return;
    const hotfix = hotfixFor(random, r, createdAt);
    if (hotfix.prod.finishedAt < Math.min(resolvedAt, beforeMs)) hotfixes.push(hotfix);
  });
  return { pages, hotfixes };
}
