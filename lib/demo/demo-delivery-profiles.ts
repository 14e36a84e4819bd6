import type { Random } from "./demo-random";

// How each demo team ships, as numbers: payments deploys every working day straight from main,
// core-banking runs a fortnightly release train through staging in the evening change window, and
// the other three sit in between. Who fails and when is fixed by the UTC day, so every 90 days of
// the demo tell the same story whatever day it is loaded on.

const MIN = 1;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

export interface DeliveryProfile {
  service: string;
  repoUrl: string;
  seed: number;
  /** Releases per version month, counting versions back from the current one. */
  train: number;
  /** Releases on a UTC day (days since the epoch). */
  releasesOn(day: number, weekday: boolean, random: Random): number;
  /** UTC hours a release starts between. */
  hours: readonly [number, number];
  pullRequests: readonly [number, number];
  /** Medians in minutes: first commit → PR opened, opened → merged, merged → release started. */
  codingMin: number;
  reviewMin: number;
  waitMin: number;
  /** The longest a merged PR waits for its release, in minutes. */
  maxWaitMin: number;
  pipelineMin: number;
  /** Staged this many minutes before production, when the team stages releases. */
  stagingLeadMin: number | null;
  /** The first attempt fails (and is retried `retryMin` later). */
  fails(day: number, slot: number, random: Random): boolean;
  retryMin: number;
  /** The release pages someone. */
  breaks(day: number, slot: number, random: Random): boolean;
  /** Minutes from the release finishing to the page, and from the page to resolution. */
  detectMin: readonly [number, number];
  restoreMin: readonly [number, number];
  /** The fix ships as a hotfix deployment, `hotfixAfterMin` after the page. */
  hotfixes(day: number, slot: number, random: Random): boolean;
  hotfixAfterMin: readonly [number, number];
  /** The last background release finishes at least this long before now (the traces show no later one). */
  quietBeforeNowMin: number;
}

const weekdayChance = (chance: number, weekendChance: number) => (_day: number, weekday: boolean, random: Random) =>
  random() < (weekday ? chance : weekendChance) ? 1 : 0;

const chance = (p: number) => (_day: number, _slot: number, random: Random) => random() < p;

/** Outside the raw traces' day (24 h from a whole hour), so no span shows a version they do not. */
const QUIET_DAY = 25 * HOUR;

export const DELIVERY_PROFILES: readonly DeliveryProfile[] = [
  {
    service: "payments-api",
    repoUrl: "https://github.com/acme/payments-api",
    seed: 11,
    train: 30,
    // Every working day, often twice; now and then a Saturday fix.
    releasesOn: (_day, weekday, random) => {
      const r = random();
      if (!weekday) return r < 0.08 ? 1 : 0;
      return 1 + (r < 0.55 ? 1 : 0) + (r < 0.18 ? 1 : 0);
    },
    hours: [8, 17],
    pullRequests: [1, 2],
    codingMin: 14,
    reviewMin: 12,
    waitMin: 3,
    maxWaitMin: 20,
    pipelineMin: 9,
    stagingLeadMin: null,
    fails: chance(0.03),
    retryMin: 25,
    // About once a month, the day's first release pages.
    breaks: (day, slot) => slot === 0 && day % 29 === 11,
    detectMin: [6, 20],
    restoreMin: [18, 52],
    hotfixes: () => false,
    hotfixAfterMin: [0, 0],
    quietBeforeNowMin: QUIET_DAY,
  },
  {
    service: "ledger",
    repoUrl: "https://github.com/acme/ledger",
    seed: 23,
    train: 3,
    // Every other Tuesday (day 5 of a 14-day cycle counted from the epoch, a Thursday).
    releasesOn: (day) => (day % 14 === 5 ? 1 : 0),
    hours: [18, 20],
    pullRequests: [5, 8],
    codingMin: 2 * DAY,
    reviewMin: 1.5 * DAY,
    waitMin: 6 * DAY,
    maxWaitMin: 13 * DAY,
    pipelineMin: 35,
    // Staged the Friday before.
    stagingLeadMin: 4 * DAY,
    fails: (day) => Math.floor(day / 14) % 3 === 1,
    retryMin: DAY,
    // Three releases in eight page someone the next morning and take more than a day to put right.
    breaks: (day) => [0, 3, 5].includes(Math.floor(day / 14) % 8),
    detectMin: [13 * HOUR, 15 * HOUR],
    restoreMin: [25 * HOUR, 44 * HOUR],
    hotfixes: (day) => [0, 5].includes(Math.floor(day / 14) % 8),
    hotfixAfterMin: [4 * HOUR, 9 * HOUR],
    quietBeforeNowMin: 4 * DAY,
  },
  {
    service: "fraud-scoring",
    repoUrl: "https://github.com/acme/fraud-scoring",
    seed: 37,
    train: 12,
    releasesOn: weekdayChance(0.55, 0),
    hours: [9, 16],
    pullRequests: [1, 3],
    codingMin: 4 * HOUR,
    reviewMin: 5 * HOUR,
    waitMin: 10 * HOUR,
    maxWaitMin: 3 * DAY,
    pipelineMin: 14,
    stagingLeadMin: null,
    fails: chance(0.08),
    retryMin: 50,
    breaks: chance(0.09),
    detectMin: [10, 90],
    restoreMin: [70, 260],
    hotfixes: chance(0.3),
    hotfixAfterMin: [30, 60],
    quietBeforeNowMin: QUIET_DAY,
  },
  {
    service: "kyc",
    repoUrl: "https://github.com/acme/kyc",
    seed: 41,
    train: 9,
    releasesOn: weekdayChance(0.4, 0),
    hours: [9, 16],
    pullRequests: [1, 3],
    codingMin: DAY,
    reviewMin: 20 * HOUR,
    waitMin: 1.5 * DAY,
    maxWaitMin: 6 * DAY,
    pipelineMin: 18,
    stagingLeadMin: null,
    fails: chance(0.1),
    retryMin: 90,
    breaks: chance(0.13),
    detectMin: [20, 180],
    restoreMin: [120, 480],
    hotfixes: chance(0.25),
    hotfixAfterMin: [60, 110],
    quietBeforeNowMin: QUIET_DAY,
  },
  {
    service: "notifications",
    repoUrl: "https://github.com/acme/notifications",
    seed: 53,
    train: 12,
    releasesOn: weekdayChance(0.5, 0.05),
    hours: [9, 17],
    pullRequests: [1, 2],
    codingMin: 3 * HOUR,
    reviewMin: 3 * HOUR,
    waitMin: 6 * HOUR,
    maxWaitMin: 2 * DAY,
    pipelineMin: 6,
    stagingLeadMin: null,
    fails: chance(0.05),
    retryMin: 30,
    breaks: chance(0.1),
    detectMin: [15, 120],
    restoreMin: [40, 150],
    hotfixes: () => false,
    hotfixAfterMin: [0, 0],
    quietBeforeNowMin: QUIET_DAY,
  },
];

export function deliveryProfile(service: string): DeliveryProfile {
  const profile = DELIVERY_PROFILES.find((p) => p.service === service);
  if (!profile) throw new RangeError(`no delivery profile for ${service}`);
  return profile;
}
