// Structural problems found while parsing (stable kebab-case codes, counted, with bounded samples).

/** Stable issue codes. */
export type IssueCode =
  | 'lost-events'
  | 'missing-entry'
  | 'open-call'
  | 'task-exited'
  | 'unterminated-call'
  | 'not-trace'
  | 'line-too-big'
  | 'annotation';

/** Every issue code, in report order. */
export const ISSUE_CODES: readonly IssueCode[] = [
  'lost-events', 'line-too-big', 'unterminated-call', 'missing-entry', 'open-call', 'task-exited', 'not-trace', 'annotation',
];

/** What each code means, for reports and diagnostics. */
export const ISSUE_TEXT: Readonly<Record<IssueCode, string>> = {
  'lost-events': 'The ring buffer dropped events here; calls around this point may be cut.',
  'missing-entry': 'Exit whose entry is not in the trace (it started before the trace did, or was lost).',
  'open-call': 'Call still open at the end of the trace.',
  'task-exited': 'Call that never returned: its task exited inside it (do_exit, which does not return).',
  'unterminated-call': 'Call whose exit is missing (a later line at a lower depth ended it).',
  'not-trace': 'Line is not function_graph trace text.',
  'line-too-big': 'The kernel cut this line ([LINE TOO BIG]).',
  'annotation': 'Text after the trace line (a note someone added).',
};

/** One sampled issue: 0-based line and, for calls, the call id (else -1). */
export interface IssueSample {
  readonly code: IssueCode;
  readonly line: number;
  readonly call: number;
}

/** Issue counts per code plus the first samples of each (bounded memory on huge traces). */
export class TraceIssues {
  private readonly counts = new Map<IssueCode, number>();
  private readonly samples = new Map<IssueCode, IssueSample[]>();

  constructor(private readonly maxSamplesPerCode = 10000) {}

  /** Records one issue at 0-based `line`. */
  add(code: IssueCode, line: number, call = -1): void {
    this.counts.set(code, (this.counts.get(code) ?? 0) + 1);
    let list = this.samples.get(code);
    if (list === undefined) this.samples.set(code, (list = []));
    if (list.length < this.maxSamplesPerCode) list.push({ code, line, call });
  }

  /** Number of issues of `code` (all of them, not only the sampled ones). */
  count(code: IssueCode): number {
    return this.counts.get(code) ?? 0;
  }

  /** Total number of issues. */
  total(): number {
    let n = 0;
    for (const v of this.counts.values()) n += v;
    return n;
  }

  /** The kept samples of `code`, in line order. */
  samplesOf(code: IssueCode): readonly IssueSample[] {
    return this.samples.get(code) ?? [];
  }

  /** All kept samples, sorted by line. */
  allSamples(): IssueSample[] {
    const out: IssueSample[] = [];
    for (const code of ISSUE_CODES) out.push(...this.samplesOf(code));
    return out.sort((a, b) => a.line - b.line);
  }

  /** Number of kept samples. */
  sampleCount(): number {
    let n = 0;
    for (const v of this.samples.values()) n += v.length;
    return n;
  }

  /** Counts per code, omitting zeros. */
  countsByCode(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const code of ISSUE_CODES) {
      const n = this.count(code);
      if (n > 0) out[code] = n;
    }
    return out;
  }
}
