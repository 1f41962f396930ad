// Fast path, trace-cmd event prefix: `comm-pid [cpu] [flags] ts: funcgraph_entry|exit:` up to the duration area's `|`, read from ASCII bytes exactly as traceCmdLine.ts reads it.
import { BAR, CR, NL, type PrefixFields } from './fastPrefix';

/**
 * parseEventLine's prefix of the line at window offset s whose first non-blank is at cs0, after
 * parseGraphLine has failed on the line (which it does when the comm does not start like a graph
 * body: checked here), up to the `|` of a funcgraph event. Fills x (task, CPU, timestamp,
 * duration, base; `event` set) and returns the offset just after the `|`, or -1 to leave the line
 * to the general parser.
 */
export function readEventPrefix(x: PrefixFields, s: number, cs0: number): number {
  // In an escaped window a backslash starts an escape (the line's end, too) and a quote is no
  // string content: every scan below stops there (the other bytes it passes are checked).
  const esc = x.escaped;
  const b = x.b;
  const tab = x.tab;
  // parseGraphLine would read a bare body here: `}`, `/*`, arrows, or a strict name before
  // any other character; defer those (the comm-pid has a `-`, which ends a strict name).
  let c = b[cs0];
  if (c === 125 || c === 47 || c === 40 || c === 61 || (c === 60 && b[cs0 + 1] === 61)) return -1;
  for (let k = cs0; ; k++) {
    c = b[k];
    if (c === 40 || c === 32) return -1;
    if (!((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 46 || c === 36)) break;
  }
  // `[cpu]` preceded by a blank, within 200 characters (none before cs0, a non-blank).
  let lb = -1;
  let rb = -1;
  let cpu = 0;
  for (let p = cs0, limit = s + 200; p < limit; p++) {
    c = b[p];
    if (c === 91) {
      let d = p + 1;
      let v = 0;
      while ((c = b[d]) >= 48 && c <= 57) {
        v = v * 10 + (c - 48);
        d++;
      }
      if (d > p + 1 && c === 93 && ((c = b[p - 1]) === 32 || c === tab)) {
        lb = p;
        rb = d;
        cpu = v;
        break;
      }
    } else if (c === NL || c === CR || c === 0 || c === BAR || (esc && (c === 92 || c === 34))) return -1;
  }
  if (lb < 0) return -1;
  let te = lb;
  while ((c = b[te - 1]) === 32 || c === tab) te--;
  let pd = te;
  while (pd > s && (c = b[pd - 1]) >= 48 && c <= 57) pd--;
  if (pd === te || pd - 1 <= cs0 || b[pd - 1] !== 45) return -1;
  x.commStart = cs0;
  x.commEnd = pd - 1;
  x.pid = x.value(pd, te);
  x.cpu = cpu;
  // Optional flags, then the timestamp `secs.frac:` (or `ticks:`).
  let p = rb + 1;
  while ((c = b[p]) === 32 || c === tab) p++;
  let tsEnd = -1;
  for (let k = 0; k < 2; k++) {
    let q = p;
    let whole = 0;
    while ((c = b[q]) >= 48 && c <= 57) {
      whole = whole * 10 + (c - 48);
      q++;
    }
    let r = q;
    let frac = 0;
    if (q > p && c === 46) {
      r = q + 1;
      while ((c = b[r]) >= 48 && c <= 57) {
        frac = frac * 10 + (c - 48);
        r++;
      }
    }
    if (q > p && c === 58) {
      if (r > q) {
        const n = r - q - 1;
        x.timeUs = whole * 1e6 + (n === 6 ? frac : frac / Math.pow(10, n - 6));
      } else x.timeUs = whole;
      tsEnd = r + 1;
      break;
    }
    let w = p;
    while ((c = b[w]) !== 32 && c !== tab) {
      if (c === NL || c === CR || c === 0 || c === BAR || (esc && (c === 92 || c === 34))) return -1;
      w++;
    }
    if (w - p > 8) return -1;
    p = w;
    while ((c = b[p]) === 32 || c === tab) p++;
  }
  if (tsEnd < 0) return -1;
  // The event name, one of the graph events.
  p = tsEnd;
  while ((c = b[p]) === 32 || c === tab) p++;
  const colon = graphEvent(b, p);
  if (colon < 0) return -1;
  // The duration area read forward (the usual case), else found and checked as parseGraphInfo does.
  let bar = x.durationBar(colon + 1);
  if (bar < 0) {
    bar = colon + 1;
    while ((c = b[bar]) !== BAR) {
      if (c === NL || c === 0 || (esc && (c === 92 || c === 34))) return -1;
      bar++;
    }
    if (!x.duration(colon + 1, bar) && x.skipBlanks(colon + 1, bar) !== bar) return -1;
  }
  x.base = bar + 3;
  x.event = true;
  return bar + 1;
}

const ascii = (s: string): Uint8Array => Uint8Array.from(s, (ch) => ch.charCodeAt(0));
const FUNCGRAPH_ENTRY = ascii('funcgraph_entry:');
const FUNCGRAPH_EXIT = ascii('funcgraph_exit:');
const RETADDR_ENTRY = ascii('fgraph_retaddr_entry:');

/** When `funcgraph_entry:`, `funcgraph_exit:` or `fgraph_retaddr_entry:` starts at p, the offset of its `:`; else -1. */
function graphEvent(b: Uint8Array, p: number): number {
  if (b[p] === 102 && b[p + 1] === 117) {
    if (matches(b, p, FUNCGRAPH_ENTRY)) return p + FUNCGRAPH_ENTRY.length - 1;
    return matches(b, p, FUNCGRAPH_EXIT) ? p + FUNCGRAPH_EXIT.length - 1 : -1;
  }
  return matches(b, p, RETADDR_ENTRY) ? p + RETADDR_ENTRY.length - 1 : -1;
}

/** True when the bytes `lit` start at p. */
function matches(b: Uint8Array, p: number, lit: Uint8Array): boolean {
  for (let i = 0; i < lit.length; i++) if (b[p + i] !== lit[i]) return false;
  return true;
}
