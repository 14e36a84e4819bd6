import { deliveryProfile } from "./demo-delivery-profiles";
import { type Page, pageKey } from "./demo-delivery-pages";
import { type Change, change, DAY_MS, MINUTE_MS, prNumber, type Release } from "./demo-delivery-releases";
import { hex, type Random, rng } from "./demo-random";
import { BURST, DEPLOY, QUIET, versionsAt } from "./demo-traffic";

// The two moments the demo's traces show, as deliveries: ledger's 2026.11.3 release twenty hours
// ago (each balance read on its own: the latency regression, still paged), and the fraud-scoring
// config change whose shorter model timeout causes the error burst ten hours ago, reverted by a
// hotfix. Their ids are fixed, so loading the demo again moves them rather than adding more.

const HOUR_MS = 3_600_000;
/** The first reads each balance with a query of its own: the regression the traces show. */
const RELEASE_TITLES = [
  "Check each entry line against its account's current balance before posting",
  "Add posting latency histogram per entry type",
  "Bump pg driver to 8.13.1",
];

/** Ledger's 2026.11.3: staged two days before, released at the moment the traces switch version. */
function ledgerRelease(random: Random, nowMs: number): Release {
  const profile = deliveryProfile(DEPLOY.service);
  const finishedAt = nowMs - DEPLOY.hoursAgo * HOUR_MS;
  const startedAt = finishedAt - 35 * MINUTE_MS;
  const stagedAt = startedAt - 2 * DAY_MS;
  const day = Math.floor(nowMs / DAY_MS);
  // Places 8-10 of the day's PR numbers: ledger's own releases use 0-7 and 11.
  const changes = RELEASE_TITLES.map((title, i) => change(random, profile, prNumber(day, 8 + i), stagedAt, title));
  return {
    profile,
    id: `${DEPLOY.service}/${DEPLOY.after}`,
    day,
    slot: 0,
    author: "Graham Whitfield",
    prod: { startedAt, finishedAt },
    failed: null,
    staging: { startedAt: stagedAt, finishedAt: stagedAt + 38 * MINUTE_MS },
    hotfix: false,
    changes,
    releaseCommit: { sha: hex(random, 40), authoredAt: stagedAt - 20 * MINUTE_MS },
    version: DEPLOY.after,
  };
}

/** A one-PR change whose times are minutes relative to `at`. */
function quickChange(random: Random, number: number, title: string, at: number, minutes: number[]): Change {
  const [first, opened, merged] = minutes.map((m) => at + m * MINUTE_MS);
  return {
    number,
    title,
    firstCommitAt: first,
    openedAt: opened,
    mergedAt: merged,
    mergeSha: hex(random, 40),
    branchShas: [hex(random, 40)],
  };
}

const TIMEOUT_CHANGE = "Lower fraud-model endpoint timeout to 250 ms";

/** The config change 25 minutes before the burst and its revert as it ends; service.version stays. */
function fraudReleases(random: Random, nowMs: number): Release[] {
  const profile = deliveryProfile("fraud-scoring");
  const version = versionsAt(QUIET)[profile.service];
  const burstAt = nowMs - BURST.startsHoursAgo * HOUR_MS;
  const day = Math.floor(nowMs / DAY_MS);
  const base = { profile, day, slot: 0, failed: null, staging: null, releaseCommit: null, version };
  const changeFinished = burstAt - 25 * MINUTE_MS;
  const revertFinished = burstAt + (BURST.minutes - 3) * MINUTE_MS;
  return [
    {
      ...base,
      id: `${profile.service}/model-timeout`,
      author: "Daniel Novak",
      prod: { startedAt: changeFinished - 14 * MINUTE_MS, finishedAt: changeFinished },
      hotfix: false,
      changes: [quickChange(random, prNumber(day, 8), TIMEOUT_CHANGE, changeFinished, [-190, -150, -25])],
    },
    {
      ...base,
      id: `${profile.service}/model-timeout-revert`,
      author: "Arjun Mehta",
      prod: { startedAt: revertFinished - 12 * MINUTE_MS, finishedAt: revertFinished },
      hotfix: true,
      changes: [quickChange(random, prNumber(day, 9), `Revert "${TIMEOUT_CHANGE}"`, revertFinished, [-19, -17, -13])],
    },
  ];
}

function storyPages(random: Random, nowMs: number): Page[] {
  const burstAt = nowMs - BURST.startsHoursAgo * HOUR_MS;
  const ledgerAt = nowMs - DEPLOY.hoursAgo * HOUR_MS;
  return [
    {
      key: pageKey(random),
      service: "fraud-scoring",
      title: "fraud-scoring: 5xx rate above 5% on POST /v1/score (fraud model endpoint timed out)",
      severity: "P1",
      createdAt: burstAt,
      resolvedAt: burstAt + BURST.minutes * MINUTE_MS,
    },
    {
      key: pageKey(random),
      service: DEPLOY.service,
      title: "ledger: POST /v1/entries p95 latency above its 250 ms SLO",
      severity: "P2",
      createdAt: ledgerAt + 160 * MINUTE_MS,
      resolvedAt: null,
    },
  ];
}

/**
 * Pages keep their keys whenever the demo is loaded, so a later load moves them (one open page, not
 * two); commits and PR numbers follow the day, so a later load's PRs do not claim the earlier ones'.
 */
export function storyDeliveries(nowMs: number): { releases: Release[]; pages: Page[] } {
  const random = rng(0x570e1 ^ Math.floor(nowMs / DAY_MS));
  return {
    releases: [ledgerRelease(random, nowMs), ...fraudReleases(random, nowMs)],
    pages: storyPages(rng(0x570e1), nowMs),
  };
}
