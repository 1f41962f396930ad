// A printed return value (funcgraph-retval: `ret=-22`, `= -22`, `ret=0xffffffffffffffea`, trace-cmd `(ret=…)`) read as the error code it may stand for.
import { describeLine } from '../present/describe';
import { MAX_ERRNO, errnoOf } from './errno';

/**
 * How a printed return value reads:
 * - `error`: a negative number in the error range (`-22`; the kernel prints error codes so
 *   unless funcgraph-retval-hex is on);
 * - `errPtr`: a 64-bit value in the error range (`0xffffffffffffffea`: `ERR_PTR(-22)`, or any
 *   error code with funcgraph-retval-hex);
 * - `int32Error`: a 32-bit value in the error range (`0xffffffea`: an `int` returning -22,
 *   printed with funcgraph-retval-hex);
 * - `zero`, `value`: anything else.
 */
export type ReturnKind = 'zero' | 'error' | 'errPtr' | 'int32Error' | 'value';

export interface ReturnValue {
  /** As printed. */
  readonly text: string;
  readonly kind: ReturnKind;
  /** The error number it stands for (positive: 22 for -22), for the error kinds. */
  readonly errno?: number;
}

const TWO_64 = 1n << 64n;
const TWO_32 = 1n << 32n;

/** The return value printed as `text` (`-22`, `0x0`, `0xffffffffffffffea`), or undefined when `text` is not a number. */
export function decodeReturnValue(text: string): ReturnValue | undefined {
  if (/^-\d{1,20}$/.test(text)) {
    const n = -Number(text);
    return n >= 1 && n <= MAX_ERRNO ? { text, kind: 'error', errno: n } : { text, kind: 'value' };
  }
  if (/^\d{1,20}$/.test(text)) return { text, kind: Number(text) === 0 ? 'zero' : 'value' };
  if (!/^0x[0-9a-f]{1,16}$/i.test(text)) return undefined;
  const v = BigInt(text);
  if (v === 0n) return { text, kind: 'zero' };
  if (v >= TWO_64 - BigInt(MAX_ERRNO)) return { text, kind: 'errPtr', errno: Number(TWO_64 - v) };
  if (v < TWO_32 && v >= TWO_32 - BigInt(MAX_ERRNO)) return { text, kind: 'int32Error', errno: Number(TWO_32 - v) };
  return { text, kind: 'value' };
}

/** `EINVAL (Invalid argument)`, or `error 256 (no Linux error number)`. */
export function errnoText(n: number): string {
  const e = errnoOf(n);
  return e !== undefined ? `${e[0]} (${e[1]})` : `error ${n} (no Linux error number)`;
}

/**
 * What a return value says: `-22: EINVAL (Invalid argument)`, `0xfffffffffffffff4: ERR_PTR(-12),
 * ENOMEM (Out of memory)`, `0xffffffea: -22 if it returns an int, EINVAL (Invalid argument)`, or the
 * value as printed.
 */
export function describeReturnValue(v: ReturnValue): string {
  if (v.errno === undefined) return v.text;
  const what = errnoText(v.errno);
  if (v.kind === 'errPtr') return `${v.text}: ERR_PTR(-${v.errno}) or -${v.errno}, ${what}`;
  if (v.kind === 'int32Error') return `${v.text}: -${v.errno} if it returns an int, ${what}`;
  return `${v.text}: ${what}`;
}

/** Lines longer than this are not read for a return value (a kernel line fits in a page; parsing a 10 MB line takes about 0.2 s). */
const MAX_VALUE_LINE = 65536;

/**
 * The return value printed on trace line `text` (`-22` of `} /* f ret=-22 *\/`, of `/* = -22 *\/`
 * or trace-cmd's `(ret=-22)`), or undefined. Lines that cannot hold one are not parsed; with
 * `errorsOnly`, neither are lines whose value cannot be an error code (only negative values and
 * hex from 0xfff: an ERR_PTR or a 32-bit error code), so following an error past thousands of
 * calls that returned 0 or a pointer costs a substring search each.
 */
export function printedReturnValue(text: string, errorsOnly = false): string | undefined {
  if (text.length > MAX_VALUE_LINE) return undefined;
  const may = errorsOnly
    ? text.includes('ret=-') || text.includes('= -') || text.includes('ret=0xfff') || text.includes('= 0xfff')
    : text.includes('ret=') || text.includes('= ');
  return may ? describeLine(text).spans.find((s) => s.kind === 'returnValue')?.text : undefined;
}
