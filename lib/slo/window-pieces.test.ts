import { describe, expect, it } from "vitest";
import { windowPieces } from "./read-cycle";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const UNITS = [MINUTE, HOUR, DAY];

/** The pieces tile [from, until) in order, each level's inner edges on its own slots. */
function expectTiling(from: number, until: number) {
  const pieces = windowPieces(from, until);
  expect(pieces[0].from).toBe(from);
  expect(pieces.at(-1)?.to).toBe(until);
  pieces.forEach((p, k) => {
    expect(p.to).toBeGreaterThan(p.from);
    if (k > 0) expect(p.from).toBe(pieces[k - 1].to);
    if (p.level > 0) {
      expect(p.from % UNITS[p.level]).toBe(0);
      expect(p.to % UNITS[p.level]).toBe(0);
    }
  });
  return pieces;
}

describe("windowPieces", () => {
  const until = Date.UTC(2026, 10, 20, 10, 37, 0);

  it("reads a window that holds no whole hour from minutes only", () => {
    expect(expectTiling(until - HOUR, until)).toEqual([{ level: 0, from: until - HOUR, to: until }]);
  });

  it("reads 6 hours from 5 whole hours and the minutes at both ends", () => {
    const pieces = expectTiling(until - 6 * HOUR, until);
    expect(pieces.map((p) => [p.level, (p.to - p.from) / MINUTE])).toEqual([
      [0, 23],
      [1, 300],
      [0, 37],
    ]);
  });

  it("reads a day's window from its whole hours and the minutes at both ends", () => {
    const pieces = expectTiling(until - DAY, until);
    expect(pieces.map((p) => p.level)).toEqual([0, 1, 0]);
  });

  it("reads a 28-day window from 27 whole days, the hours of the partial days and the minutes of the partial hours", () => {
    const pieces = expectTiling(until - 28 * DAY, until);
    expect(pieces.map((p) => p.level)).toEqual([0, 1, 2, 1, 0]);
    const days = pieces.find((p) => p.level === 2);
    expect(days && (days.to - days.from) / DAY).toBe(27);
  });

  it("reads a calendar month from its days alone when it starts and ends on midnight", () => {
    const start = Date.UTC(2026, 10, 1);
    expect(expectTiling(start, Date.UTC(2026, 10, 20))).toEqual([
      { level: 2, from: start, to: Date.UTC(2026, 10, 20) },
    ]);
  });

  it("tiles odd windows exactly", () => {
    for (const [from, to] of [
      [until - 6 * HOUR - MINUTE, until],
      [until - 3 * DAY, until + 1234],
      [Date.UTC(2026, 0, 31, 23, 59, 30), Date.UTC(2026, 2, 1, 0, 0, 30)],
    ])
      expectTiling(from, to);
  });
});
