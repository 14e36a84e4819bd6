import type { DeliveryProfile } from "./demo-delivery-profiles";
import { DEMO_CHANGES, DEMO_PEOPLE } from "./demo-delivery-texts";
import { DEMO_SERVICES } from "./demo-platform";
import { between, hex, lognormal, pick, type Random, rng } from "./demo-random";

// The demo teams' releases, laid out one UTC day at a time from a seed of the service and the day,
// so a day's releases (and their ids) are the same whenever the demo is loaded.

export const MINUTE_MS = 60_000;
export const DAY_MS = 86_400_000;
/** PR numbers count from this day (2024-10-04), twelve a day: release slot × 4 + the PR's place. */
const PR_NUMBER_EPOCH_DAY = 20_000;
export const HOTFIX_PR_SLOT = 11;

export interface Attempt {
  startedAt: number;
  finishedAt: number;
}

export interface Change {
  number: number;
  title: string;
  firstCommitAt: number;
  openedAt: number;
  mergedAt: number;
  mergeSha: string;
  branchShas: string[];
}

export interface Release {
  profile: DeliveryProfile;
  /** The id every deployment of the release starts with. */
  id: string;
  day: number;
  slot: number;
  author: string;
  /** The successful production deployment. */
  prod: Attempt;
  failed: Attempt | null;
  staging: Attempt | null;
  hotfix: boolean;
  changes: Change[];
  /** A version-bump commit on the release branch, when the team cuts releases. */
  releaseCommit: { sha: string; authoredAt: number } | null;
  version: string;
}

export function teamOf(service: string): string {
  const team = DEMO_SERVICES.find((s) => s.name === service)?.team;
  if (!team) throw new RangeError(`no demo service ${service}`);
  return team;
}

export const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export function prNumber(day: number, place: number): number {
  return (day - PR_NUMBER_EPOCH_DAY) * 12 + place;
}

/** A pull request merged `waitMin` (capped) before `readyAt`, reviewed and coded before that. */
export function change(
  random: Random,
  profile: DeliveryProfile,
  number: number,
  readyAt: number,
  title = pick(random, DEMO_CHANGES[profile.service]),
): Change {
  const wait = Math.min(lognormal(random, profile.waitMin, 0.6), profile.maxWaitMin) + between(random, 1, 4);
  const mergedAt = Math.round(readyAt - wait * MINUTE_MS);
  const openedAt = Math.round(mergedAt - lognormal(random, profile.reviewMin, 0.6) * MINUTE_MS);
  const firstCommitAt = Math.round(openedAt - lognormal(random, profile.codingMin, 0.6) * MINUTE_MS);
  const branchShas = Array.from({ length: between(random, 1, 4) }, () => hex(random, 40));
  return { number, title, firstCommitAt, openedAt, mergedAt, mergeSha: hex(random, 40), branchShas };
}

/** Start times (ms) of `count` releases on `day`, in order, at least 40 minutes apart. */
function startTimes(random: Random, profile: DeliveryProfile, day: number, count: number): number[] {
  const [from, to] = profile.hours;
  const span = (to - from) * 60;
  const gap = 40;
  const minutes = Array.from({ length: count }, () => Math.floor(random() * Math.max(1, span - gap * count)));
  return minutes.sort((a, b) => a - b).map((m, i) => day * DAY_MS + (from * 60 + m + i * gap) * MINUTE_MS);
}

function release(random: Random, profile: DeliveryProfile, day: number, slot: number, start: number): Release {
  const pipeline = () => Math.round(lognormal(random, profile.pipelineMin, 0.25) * MINUTE_MS);
  const failed = profile.fails(day, slot, random) ? { startedAt: start, finishedAt: start + pipeline() } : null;
  const prodStart = failed ? failed.finishedAt + profile.retryMin * MINUTE_MS : start;
  const prod = { startedAt: prodStart, finishedAt: prodStart + pipeline() };
  const staging =
    profile.stagingLeadMin === null ? null : { startedAt: start - profile.stagingLeadMin * MINUTE_MS, finishedAt: 0 };
  if (staging) staging.finishedAt = staging.startedAt + pipeline();
  const readyAt = staging?.startedAt ?? start;
  const [least, most] = profile.pullRequests;
  // Distinct titles within a release: a rotation through the team's list from a random start.
  const titles = DEMO_CHANGES[profile.service];
  const first = Math.floor(random() * titles.length);
  const changes = Array.from({ length: between(random, least, most) }, (_, place) =>
    change(random, profile, prNumber(day, slot * 4 + place), readyAt, titles[(first + place) % titles.length]),
  );
  return {
    profile,
    id: `${profile.service}/${isoDay(day)}/${slot}`,
    day,
    slot,
    author: pick(random, DEMO_PEOPLE[teamOf(profile.service)]),
    prod,
    failed,
    staging,
    hotfix: false,
    changes,
    releaseCommit: staging ? { sha: hex(random, 40), authoredAt: staging.startedAt - 20 * MINUTE_MS } : null,
    version: "",
  };
}

/** Seeded by the service and the day only, so a day's releases do not depend on the window. */
export const dayRandom = (profile: DeliveryProfile, day: number, stream = 0): Random =>
  rng((profile.seed << 20) ^ (stream << 17) ^ day);

/** The profile's releases on the days [firstDay, lastDay], finished before `beforeMs`. */
export function releasesBetween(
  profile: DeliveryProfile,
  firstDay: number,
  lastDay: number,
  beforeMs: number,
): Release[] {
  const releases: Release[] = [];
  for (let day = firstDay; day <= lastDay; day++) {
    const random = dayRandom(profile, day);
    const weekday = ![0, 6].includes(new Date(day * DAY_MS).getUTCDay());
    const count = profile.releasesOn(day, weekday, random);
    startTimes(random, profile, day, count).forEach((start, slot) => {
      const r = release(random, profile, day, slot, start);
      if (r.prod.finishedAt < beforeMs) releases.push(r);
    });
  }
  return releases;
}
