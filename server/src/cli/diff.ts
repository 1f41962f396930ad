// `ftrace-lens diff BEFORE AFTER`: two traces compared function by function (calls, total and self time), the largest changes first.
import { COMPARE_KEYS, comparisonJson, comparisonReport, comparisonText, type CompareKey, type RankMeasure, type RankPolicy } from '../core/index';
import { UserError, readCalls } from './readTrace';

const MEASURES: readonly RankMeasure[] = ['onCpu', 'inclusive', 'self'];

export interface DiffArgs {
  readonly before: string;
  readonly after: string;
  readonly top: number;
  readonly json: boolean;
  readonly policy: RankPolicy;
  /** Undefined: by total time, or by calls when a trace has no durations. */
  readonly sortBy: CompareKey | undefined;
}

/** Reads the diff command's arguments (after `diff`); throws a UserError on a mistake. */
export function parseDiffArgs(args: readonly string[]): DiffArgs {
  const files: string[] = [];
  let top = 20;
  let json = false;
  let measure: RankMeasure = 'onCpu';
  let includeIdle = false;
  let includeSleep = false;
  let sortBy: CompareKey | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--include-idle') includeIdle = true;
    else if (a === '--include-sleep') includeSleep = true;
    else if (a === '--top') {
      const v = args[++i];
      if (v === undefined || !/^\d+$/.test(v)) throw new UserError('--top needs a non-negative integer');
      top = Number(v);
    } else if (a === '--measure') {
      const v = args[++i];
      if (!(MEASURES as readonly string[]).includes(v ?? '')) throw new UserError(`--measure needs one of ${MEASURES.join(', ')}`);
      measure = v as RankMeasure;
    } else if (a === '--sort') {
      const v = args[++i];
      if (!(COMPARE_KEYS as readonly string[]).includes(v ?? '')) throw new UserError(`--sort needs one of ${COMPARE_KEYS.join(', ')}`);
      sortBy = v as CompareKey;
    } else if (a.startsWith('--')) throw new UserError(`unknown option ${a} for diff`);
    else files.push(a);
  }
  if (files.length !== 2) throw new UserError('diff: expected two files, BEFORE and AFTER');
  return { before: files[0], after: files[1], top, json, policy: { measure, includeIdle, includeSleep }, sortBy };
}

/** Runs `diff` with its arguments (after `diff`); resolves to the exit code. */
export async function runDiff(args: readonly string[], write: (s: string) => Promise<void>): Promise<number> {
  const a = parseDiffArgs(args);
  const before = await readCalls(a.before);
  const after = await readCalls(a.after);
  const r = comparisonReport(before, after, a, a.sortBy);
  await write(a.json ? JSON.stringify(comparisonJson(r.comparison, a, r.sortBy), null, 2) + '\n' : comparisonText(r.comparison, a, r.sortBy, r.untimed));
  return 0;
}
