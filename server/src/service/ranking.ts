// The ranking policy of a request (settings, or "count sleeps and idle") and its description for answers.
import { rankingSummary, type RankMeasure, type RankPolicy, type TraceModel } from '../core/index';
import type { RankingInfo } from '../protocol';

/** What the settings say about ranking (a subset of the diagnostics settings). */
export interface RankSettings {
  readonly measure: RankMeasure;
  readonly includeIdle: boolean;
  readonly includeSleep: boolean;
}

/**
 * The policy of a request: the settings, or with `sleepsAndIdle` the ranking that counts sleeps
 * and idle (inclusive time, or self time when that is the chosen measure). `by` overrides the measure.
 */
export function rankPolicy(s: RankSettings, sleepsAndIdle = false, by?: RankMeasure): RankPolicy {
  const measure = by ?? s.measure;
  if (sleepsAndIdle) return { measure: measure === 'self' ? 'self' : 'inclusive', includeIdle: true, includeSleep: true };
  return { measure, includeIdle: s.includeIdle, includeSleep: s.includeSleep };
}

/** How calls were ranked under `policy`, with the sleeps and idle it sets aside. */
export function rankingInfo(model: TraceModel, policy: RankPolicy): RankingInfo {
  return rankingSummary(model, policy);
}
