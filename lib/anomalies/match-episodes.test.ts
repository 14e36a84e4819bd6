import { describe, expect, it } from "vitest";
import type { Episode } from "./episodes";
import { matchEpisodes } from "./match-episodes";

const episode = (start: number, end: number | null, peakScore = 6): Episode => ({
  start,
  end,
  detectedAt: start,
  peakAt: start,
  peakScore,
  direction: peakScore > 0 ? "up" : "down",
  severity: "warning",
  points: 1,
  startIndex: 0,
  endIndex: 0,
});

describe("matching a scan's episodes to stored anomalies", () => {
  it("inserts what is new, updates what grew or ended, and leaves the unchanged alone", () => {
    const stored = [
      { id: "same", start: 100, end: 200, peakScore: 6 },
      { id: "grows", start: 300, end: null, peakScore: 6 },
    ];
    const writes = matchEpisodes(stored, [episode(100, 200), episode(300, null, -9), episode(500, null)], 0, 600);
    expect(writes.map((w) => [w.kind, "id" in w ? w.id : null, "peakMoved" in w ? w.peakMoved : null])).toEqual([
      ["update", "grows", true],
      ["insert", null, null],
    ]);
  });

  it("closes an open anomaly the scan no longer finds, at the scan's end", () => {
    expect(matchEpisodes([{ id: "gone", start: 100, end: null, peakScore: 7 }], [], 0, 900)).toEqual([
      { kind: "close", id: "gone", end: 900 },
    ]);
  });

  it("claims a stored anomaly once, and ignores episodes that ended before the lookback", () => {
    const stored = [{ id: "wide", start: 100, end: 400, peakScore: 6 }];
    const writes = matchEpisodes(stored, [episode(10, 50), episode(120, 150), episode(300, 400)], 60, 1000);
    expect(writes.map((w) => w.kind)).toEqual(["update", "insert"]);
  });

  it("continues the open anomaly rather than reopening an ended one it also overlaps", () => {
    const stored = [
      { id: "ended", start: 100, end: 200, peakScore: 6 },
      { id: "open", start: 250, end: null, peakScore: 6 },
    ];
    const writes = matchEpisodes(stored, [episode(150, null, 7)], 0, 900);
    expect(writes).toEqual([expect.objectContaining({ kind: "update", id: "open" })]);
  });

  it("writes closes before updates", () => {
    const stored = [
      { id: "gone", start: 500, end: null, peakScore: 6 },
      { id: "back", start: 100, end: 200, peakScore: 6 },
    ];
    const writes = matchEpisodes(stored, [episode(150, 190, 7)], 0, 900);
    expect(writes.map((w) => [w.kind, "id" in w ? w.id : null])).toEqual([
      ["close", "gone"],
      ["update", "back"],
    ]);
  });
});
