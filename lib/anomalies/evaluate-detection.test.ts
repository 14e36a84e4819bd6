import { describe, expect, it } from "vitest";
import { evaluateDetection } from "@/lib/anomalies/evaluate-detection";
import { MINUTE } from "@/lib/anomalies/series";

const S = 0;
const at = (i: number) => S + i * MINUTE;
const episode = (from: number, to: number | null, detected = from + 2) => ({
  start: at(from),
  end: to === null ? null : at(to),
  detectedAt: at(detected),
});

describe("evaluateDetection", () => {
  it("counts hits, misses, false positives and the delay from the labelled start", () => {
    const score = evaluateDetection([
      {
        startMs: S,
        stepMs: MINUTE,
        labels: [
          { start: 100, end: 160 },
          { start: 500, end: 510 },
        ],
        episodes: [episode(104, 150), episode(900, 905)],
      },
      { startMs: S, stepMs: MINUTE, labels: [], episodes: [episode(10, 20)] },
    ]);
    expect(score).toMatchObject({ labels: 2, detected: 1, episodes: 3, truePositives: 1, falsePositives: 2 });
    expect(score.recall).toBe(0.5);
    expect(score.precision).toBeCloseTo(1 / 3);
    expect(score.medianDelayMinutes).toBe(6);
  });

  it("counts several episodes on one anomaly once, and accepts the tolerance around it", () => {
    const score = evaluateDetection(
      [
        {
          startMs: S,
          stepMs: MINUTE,
          labels: [{ start: 100, end: 110 }],
          episodes: [episode(95, 101, 97), episode(115, null)],
        },
      ],
      10 * MINUTE,
    );
    expect(score).toMatchObject({ detected: 1, truePositives: 2, falsePositives: 0, precision: 1, recall: 1 });
    expect(score.medianDelayMinutes).toBe(0); // detected before the labelled start: no negative delay
  });

  it("is vacuous on nothing: precision and recall 1, no delay", () => {
    expect(evaluateDetection([])).toMatchObject({ precision: 1, recall: 1, medianDelayMinutes: null });
  });
});
