import { findEpisodes, type Episode } from "@/lib/anomalies/episodes";
import type { BaselineResult } from "@/lib/anomalies/baseline-result";
import { seasonalBaseline, type BaselineOptions } from "@/lib/anomalies/seasonal-baseline";
import { sensitivitySettings, type DetectionSettings, type Sensitivity } from "@/lib/anomalies/sensitivity";
import type { RegularSeries } from "@/lib/anomalies/series";
import { applyVolumeGuard, type VolumeGuard } from "@/lib/anomalies/volume-guard";

export interface DetectOptions {
  sensitivity?: Sensitivity;
  /** Overrides the settings the sensitivity gives, field by field. */
  settings?: Partial<DetectionSettings>;
  /** Which volume guard applies; it also sets the noise floor (request rate: poisson, error rate: binomial). */
  guard?: VolumeGuard;
  baseline?: BaselineOptions;
}

export interface Detection {
  baseline: BaselineResult;
  episodes: Episode[];
  settings: DetectionSettings;
}

/** Baseline, volume guard and episodes of one series: the whole pure pipeline. */
export function detectAnomalies(series: RegularSeries, options: DetectOptions = {}): Detection {
  const settings = { ...sensitivitySettings(options.sensitivity ?? "medium", series.stepMs), ...options.settings };
  const kind = options.guard?.kind;
  const noise = kind === "request-rate" ? "poisson" : kind === "error-rate" ? "binomial" : "none";
  const baseline = seasonalBaseline(series, { noise, ...options.baseline, k: settings.k });
  if (options.guard) applyVolumeGuard(series, baseline, options.guard);
  return { baseline, episodes: findEpisodes(baseline, settings), settings };
}
