// Parses the time window typed for "Open Time Window as Trace…" (pure: unit-tested).

/** `[from, to]` seconds from "a b", "a-b", "a..b" or "a, b"; undefined when not two ordered numbers. */
export function parseWindow(text: string): [number, number] | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(?:[\s,]|-|\.\.|–)\s*(\d+(?:\.\d+)?)\s*$/.exec(text);
  if (m === null) return undefined;
  const a = Number(m[1]);
  const b = Number(m[2]);
  return a <= b ? [a, b] : undefined;
}
