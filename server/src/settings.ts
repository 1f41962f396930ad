// Typed settings of the language server: defaults and normalisation of raw client values.

/** Severity names as the settings spell them. */
export type SeverityName = 'error' | 'warning' | 'information' | 'hint';

/** Settings of one document (section `ftraceLens`, scope `resource`). */
export interface FtraceSettings {
  readonly diagnostics: {
    /** Calls at or above this time (µs) are slow; the kernel's `#` mark starts at 1000. */
    readonly slowCallThresholdUs: number;
    /** The time that makes a call slow in every feature: on-CPU, inclusive or self. */
    readonly measure: 'onCpu' | 'inclusive' | 'self';
    /** Rank the idle task's calls too. */
    readonly includeIdle: boolean;
    /** Rank calls whose measured time includes time switched out (and probable sleeps without task information). */
    readonly includeSleep: boolean;
    readonly severity: SeverityName;
    /** At most this many slow-call diagnostics, slowest first. */
    readonly maxSlowCalls: number;
    /** Also report lost events, exits without entries, open calls, non-trace lines. */
    readonly structural: boolean;
    /** Severity of the structural problems: `byKind` (lost events and cut lines warn, the rest inform) or one for all. */
    readonly structuralSeverity: SeverityName | 'byKind';
  };
  readonly inlayHints: {
    readonly enabled: boolean;
  };
  readonly source: {
    /**
     * ctags files (the kernel's `make tags`) Go to Definition reads besides the `tags` files it
     * finds itself; a relative path is taken from each workspace folder.
     */
    readonly tagsFiles: readonly string[];
  };
}

/** Settings section name. */
export const SETTINGS_SECTION = 'ftraceLens';

/** Defaults (mirrored in package.json's configuration schema; a test checks they agree). */
export const DEFAULT_SETTINGS: FtraceSettings = {
  diagnostics: {
    slowCallThresholdUs: 1000,
    measure: 'onCpu',
    includeIdle: false,
    includeSleep: false,
    severity: 'warning',
    maxSlowCalls: 100,
    structural: true,
    structuralSeverity: 'byKind',
  },
  inlayHints: { enabled: true },
  source: { tagsFiles: [] },
};

/** At most this many tags files are read from the setting (a longer list is cut). */
const MAX_TAGS_FILES = 32;

function obj(v: unknown): Record<string, unknown> {
  return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : {};
}

function num(v: unknown, def: number, min: number, max: number): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? Math.min(max, Math.max(min, n)) : def;
}

function oneOf<T extends string>(v: unknown, allowed: readonly T[], def: T): T {
  return typeof v === 'string' && (allowed as readonly string[]).includes(v) ? (v as T) : def;
}

/** The non-empty strings of an array (at most `max`), else `def`. */
function strings(v: unknown, def: readonly string[], max: number): readonly string[] {
  if (!Array.isArray(v)) return def;
  return v.filter((x): x is string => typeof x === 'string' && x.trim() !== '').map((x) => x.trim()).slice(0, max);
}

function bool(v: unknown, def: boolean): boolean {
  return typeof v === 'boolean' ? v : def;
}

/** Turns whatever the client sent for section `ftraceLens` into complete, valid settings. */
export function normaliseSettings(raw: unknown): FtraceSettings {
  const r = obj(raw);
  const d = obj(r.diagnostics);
  const i = obj(r.inlayHints);
  const src = obj(r.source);
  const def = DEFAULT_SETTINGS;
  return {
    diagnostics: {
      slowCallThresholdUs: num(d.slowCallThresholdUs, def.diagnostics.slowCallThresholdUs, 0, 1e12),
      measure: oneOf(d.measure, ['onCpu', 'inclusive', 'self'] as const, def.diagnostics.measure),
      includeIdle: bool(d.includeIdle, def.diagnostics.includeIdle),
      includeSleep: bool(d.includeSleep, def.diagnostics.includeSleep),
      severity: oneOf(d.severity, ['error', 'warning', 'information', 'hint'] as const, def.diagnostics.severity),
      maxSlowCalls: Math.round(num(d.maxSlowCalls, def.diagnostics.maxSlowCalls, 0, 100000)),
      structural: bool(d.structural, def.diagnostics.structural),
      structuralSeverity: oneOf(d.structuralSeverity, ['byKind', 'error', 'warning', 'information', 'hint'] as const, def.diagnostics.structuralSeverity),
    },
    inlayHints: { enabled: bool(i.enabled, def.inlayHints.enabled) },
    source: { tagsFiles: strings(src.tagsFiles, def.source.tagsFiles, MAX_TAGS_FILES) },
  };
}
