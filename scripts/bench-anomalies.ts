import { detectAnomalies } from "@/lib/anomalies/detect-anomalies";
import { evaluateDetection, type DetectionCase } from "@/lib/anomalies/evaluate-detection";
import { DAY } from "@/lib/anomalies/series";
import { labelledSet, SYNTHETIC_KINDS, syntheticSeries, type SyntheticSeries } from "@/lib/anomalies/synthetic-series";

// `npm run bench:anomalies`: 50 labelled series of each synthetic kind (14 days per minute: level
// shifts, spikes, drifts, latency shifts, seasonal negatives, holidays, low-volume request and
// error rates), scanned at medium sensitivity; prints precision, recall and median detection delay
// per kind and overall, then times a scan of 1,000 series of 14 days per minute. A holiday carries
// no label (an episode on it is a false positive) and the operator's calendar is passed with it;
// without the calendar a weekday at weekend level is unusual, so those are counted apart.
// Precision counts several episodes on one anomaly once (see evaluateDetection).

const PER_KIND = 50;
const SCANNED = 1000;

function detect(item: SyntheticSeries, withCalendar = true): DetectionCase {
  const holidays = withCalendar ? item.holidays : [];
  const { episodes } = detectAnomalies(item.series, { guard: item.guard, baseline: { holidays } });
  return { startMs: item.series.startMs, stepMs: item.series.stepMs, labels: item.labels, episodes };
}

function fixed(value: number | null, digits: number): string {
  return value === null ? "n/a" : value.toFixed(digits);
}

const set = labelledSet(PER_KIND);
const cases = set.map((item) => detect(item));
for (const kind of SYNTHETIC_KINDS) {
  const score = evaluateDetection(cases.filter((_, i) => set[i].kind === kind));
  console.log(
    `${kind.padEnd(18)} ${String(score.episodes).padStart(4)} episodes, ${String(score.falsePositives).padStart(3)} false, recall ${score.detected}/${score.labels}, delay ${fixed(score.medianDelayMinutes, 0)} min`,
  );
}
// Without the holiday calendar a weekday at weekend level is unusual, and is flagged: shown, not scored.
const holidays = set.filter((item) => item.kind === "holiday");
const flaggedHolidays = holidays.filter((item) =>
  detect(item, false).episodes.some(
    (episode) => episode.start < item.holidays[0] + DAY && (episode.end ?? Infinity) > item.holidays[0],
  ),
).length;
console.log(`holidays flagged without the calendar: ${flaggedHolidays}/${holidays.length}`);
const overall = evaluateDetection(cases);
console.log(
  `labelled set: ${set.length} series, ${overall.labels} anomalies, ${overall.episodes} episodes (${overall.truePositives} on anomalies, ${overall.falsePositives} false)`,
);

const scanned = Array.from({ length: SCANNED }, (_, i) =>
  syntheticSeries(SYNTHETIC_KINDS[i % SYNTHETIC_KINDS.length], 7_000_000 + i),
);
const started = performance.now();
let episodes = 0;
for (const item of scanned) episodes += detectAnomalies(item.series, { guard: item.guard }).episodes.length;
const scan = (performance.now() - started) / 1000;
console.log(
  `scanned ${SCANNED.toLocaleString("en-US")} series of ${scanned[0].series.values.length.toLocaleString("en-US")} points: ${episodes} episodes in ${scan.toFixed(1)} s`,
);
console.log(
  `anomalies: precision ${overall.precision.toFixed(3)}, recall ${overall.recall.toFixed(3)}, delay ${fixed(overall.medianDelayMinutes, 0)} min, scan ${scan.toFixed(1)} s`,
);
