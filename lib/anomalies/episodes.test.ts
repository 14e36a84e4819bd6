import { describe, expect, it } from "vitest";
import { findEpisodes, flagPoints, groupEpisodes } from "@/lib/anomalies/episodes";
import { LEARNING, SCORED, type BaselineResult } from "@/lib/anomalies/baseline-result";
import { sensitivitySettings, type DetectionSettings } from "@/lib/anomalies/sensitivity";
import { MINUTE } from "@/lib/anomalies/series";

const START = Date.UTC(2026, 5, 1);

function scored(scores: number[]): BaselineResult {
  const n = scores.length;
  return {
    startMs: START,
    stepMs: MINUTE,
    k: 3.5,
    expected: new Float64Array(n),
    lower: new Float64Array(n),
    upper: new Float64Array(n),
    score: Float64Array.from(scores),
    state: new Uint8Array(n).fill(SCORED),
  };
}

const settings: DetectionSettings = {
  ...sensitivitySettings("medium", MINUTE),
  window: 1,
  sustainedK: 3,
  spikeK: 20,
  minPoints: 3,
  mergeGapPoints: 2,
  criticalPoints: 100,
};

function flagsOf(pattern: string): Uint8Array {
  return Uint8Array.from(pattern, (c) => (c === "x" ? 1 : 0));
}

describe("groupEpisodes", () => {
  it("merges flagged points across gaps up to mergeGapPoints into one episode", () => {
    const result = scored(new Array(20).fill(0).map((_, i) => (i === 6 ? 9 : 4)));
    const episodes = groupEpisodes(result, flagsOf("..xx..x.xx.........."), settings);
    expect(episodes).toHaveLength(1);
    expect(episodes[0]).toMatchObject({
      startIndex: 2,
      endIndex: 9,
      points: 5,
      peakAt: START + 6 * MINUTE,
      peakScore: 9,
    });
    expect(episodes[0].end).toBe(START + 10 * MINUTE);
  });

  it("splits where the gap is longer than mergeGapPoints", () => {
    const episodes = groupEpisodes(scored(new Array(20).fill(4)), flagsOf("xxx....xxx.........."), settings);
    expect(episodes.map((e) => [e.startIndex, e.endIndex])).toEqual([
      [0, 2],
      [7, 9],
    ]);
  });

  it("drops blips shorter than minPoints but keeps a spike of one point", () => {
    const scores = new Array(30).fill(4);
    scores[20] = 25;
    const episodes = groupEpisodes(scored(scores), flagsOf("xx...........x......x........."), settings);
    expect(episodes.map((e) => e.startIndex)).toEqual([20]);
    expect(episodes[0].detectedAt).toBe(START + 21 * MINUTE);
  });

  it("reports when the episode qualified, and a down direction from the peak's sign", () => {
    const episodes = groupEpisodes(scored(new Array(12).fill(-5)), flagsOf("..xxxx......"), settings);
    expect(episodes[0].detectedAt).toBe(START + 5 * MINUTE); // third flagged point is index 4
    expect(episodes[0].direction).toBe("down");
  });

  it("leaves an episode reaching the end of the series open", () => {
    const episodes = groupEpisodes(scored(new Array(10).fill(4)), flagsOf("......xxx."), settings);
    expect(episodes[0].end).toBeNull();
  });

  it("grades severity by peak score and by duration", () => {
    const mild = groupEpisodes(scored(new Array(10).fill(4)), flagsOf("xxx......."), settings)[0];
    const high = groupEpisodes(scored(new Array(10).fill(9)), flagsOf("xxx......."), settings)[0];
    const long = groupEpisodes(scored(new Array(10).fill(4)), flagsOf("xxxxx....."), {
      ...settings,
      criticalPoints: 5,
    })[0];
    expect([mild.severity, high.severity, long.severity]).toEqual(["warning", "critical", "critical"]);
  });

  it("returns nothing for no points at all", () => {
    expect(findEpisodes(scored([]), settings)).toEqual([]);
  });
});

describe("flagPoints", () => {
  it("flags a sustained mean over the window but not one point of noise", () => {
    const result = scored([0, 0, 3, 0, 0, 0, 3, 3, 3, 3, 3, 0, 0, 0]);
    const flags = flagPoints(result, { ...settings, window: 3, sustainedK: 2.5, spikeK: 6 });
    expect(Array.from(flags).join("")).toBe("00000000111000");
  });

  it("never flags points that are not scored, and flags a lone spike", () => {
    const result = scored([0, 9, 9, 0]);
    result.state[2] = LEARNING;
    const flags = flagPoints(result, { ...settings, window: 1, spikeK: 6 });
    expect(Array.from(flags)).toEqual([0, 1, 0, 0]);
  });
});
