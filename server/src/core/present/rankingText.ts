// How a ranking policy reads in text for people (the CLI's report and diff, the editor's comparison).
import type { RankMeasure, RankPolicy } from '../analysis/ranking';

/** A measure's name in text: `on-CPU`, `inclusive`, `self`. */
export const MEASURE_TEXT: Readonly<Record<RankMeasure, string>> = { onCpu: 'on-CPU', inclusive: 'inclusive', self: 'self' };

/** What the policy leaves out of a ranking: `idle`, `idle and sleeps`, `sleeps`, or '' (on-CPU time never counts a sleep). */
export function leftOutText(policy: RankPolicy): string {
  return [policy.includeIdle ? '' : 'idle', policy.includeSleep || policy.measure === 'onCpu' ? '' : 'sleeps'].filter(Boolean).join(' and ');
}
