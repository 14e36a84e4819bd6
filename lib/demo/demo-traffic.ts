// When the demo platform is busy, and the two incidents it carries:
// - fraud-scoring has an error burst of half an hour, ten hours ago: its model endpoint times out and
//   the payments that hit it fail;
// - ledger is deployed (service.version 2026.11.2 → 2026.11.3) twenty hours ago and is about 2.5x
//   slower after: the new version reads each account's balance with a query of its own.

export const BURST = { startsHoursAgo: 10, minutes: 30, errorRate: 0.5 } as const;
export const DEPLOY = { hoursAgo: 20, service: "ledger", before: "2026.11.2", after: "2026.11.3" } as const;

const HOUR_MS = 3_600_000;

/** What a minute of the demo is like. */
export interface Moment {
  inBurst: boolean;
  afterDeploy: boolean;
}

export const QUIET: Moment = { inBurst: false, afterDeploy: false };

export function momentOf(minuteMs: number, nowMs: number): Moment {
  const burstStart = nowMs - BURST.startsHoursAgo * HOUR_MS;
  return {
    inBurst: minuteMs >= burstStart && minuteMs < burstStart + BURST.minutes * 60_000,
    afterDeploy: minuteMs >= nowMs - DEPLOY.hoursAgo * HOUR_MS,
  };
}

/** service.version of each demo service at a moment. */
export function versionsAt(moment: Moment): Record<string, string> {
  return {
    "payments-api": "2026.11.5",
    "fraud-scoring": "2026.11.1",
    ledger: moment.afterDeploy ? DEPLOY.after : DEPLOY.before,
    kyc: "2026.11.0",
    notifications: "2026.10.9",
  };
}

/**
 * The share of its weekday peak a flow sees at this time: a European customer base, quietest at
 * 03:30 UTC (a tenth of the peak) and busiest at 15:30 UTC, with weekends at 60-70% of weekdays.
 */
export function loadAt(ms: number): number {
  const hour = (((ms / HOUR_MS) % 24) + 24) % 24;
  const daily = 0.55 - 0.45 * Math.cos((2 * Math.PI * (hour - 3.5)) / 24);
  const weekday = new Date(ms).getUTCDay();
  return daily * (weekday === 0 ? 0.62 : weekday === 6 ? 0.72 : 1);
}
