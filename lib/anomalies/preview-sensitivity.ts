import { detectAnomalies, type DetectOptions } from "@/lib/anomalies/detect-anomalies";
import type { Episode } from "@/lib/anomalies/episodes";
import { DAY, type RegularSeries } from "@/lib/anomalies/series";

export interface PreviewOptions extends DetectOptions {
  /** How far back the preview looks from the series' end (default 7 days). */
  windowMs?: number;
}

/**
 * The episodes a sensitivity would have raised over the last 7 days of the series, before it is
 * saved. The whole series is scanned (the baseline needs the history before the window); episodes
 * that ended before the window are left out.
 */
export function previewSensitivity(series: RegularSeries, options: PreviewOptions = {}): Episode[] {
  const { episodes } = detectAnomalies(series, options);
  const seriesEnd = series.startMs + series.values.length * series.stepMs;
  const from = seriesEnd - (options.windowMs ?? 7 * DAY);
  return episodes.filter((episode) => episode.end === null || episode.end > from);
}
