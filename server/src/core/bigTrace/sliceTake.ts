// How a slice takes lines: the resolved selection (range, per-line test, title, header comment).

/** How a slice takes a line: not at all, as a selected line, or as context the analysis needs (a banner, a task-switch line). */
export const enum Take {
  No = 0,
  Selected = 1,
  Context = 2,
}

/** Lines a slice holds, by how it took them. */
export interface TakenCounts {
  readonly selected: number;
  readonly context: number;
}

/**
 * A resolved selection: the line range to scan and a test per line. `take(line)` is called for
 * ascending lines of [first, last] only; `source` gives text when the test needs it.
 */
export interface Selection {
  readonly first: number;
  readonly last: number;
  /** How the slice takes 0-based `line` ({@link Take}). */
  take(line: number): Take;
  /**
   * True when 0-based `line` is a selected line (as `take` would answer {@link Take.Selected}),
   * found without line text: counts the selected lines a cut left out. Any order of lines.
   */
  selects(line: number): boolean;
  /** True when the test reads the text of every line (then the number of lines left out is not counted). */
  readonly readsText: boolean;
  /** The call of a call slice, else -1. */
  readonly call: number;
  /** 0-based full-trace line the slice opens at (a call's entry, or its exit when the entry is missing); -1: the first line taken. */
  readonly focus: number;
  /** Words for the title, e.g. "call do_sys_open (line 1,235)" (names as display text: cut, controls escaped). */
  readonly title: string;
  /** True once no later line can be taken (a time window past its end). */
  ended(): boolean;
  /**
   * Optional: the first line at or after `line` (at most `last + 1`) that `take` may take, when
   * the lines before it certainly are {@link Take.No} (skipping them does what taking none of
   * them would). Lets a task or CPU slice pass over the other lines of a big trace in a tight loop.
   */
  skip?(line: number): number;
  /** Optional: the number of lines of [from, last] that {@link Selection.selects} is true for, in one pass. */
  countSelected?(from: number, last: number): number;
  /** Sentences for the slice's header comment: what was kept and why (one per comment line). */
  describe(counts: TakenCounts): string[];
}
