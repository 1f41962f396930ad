// LaneIndex (lanes of a trace without a CPU column) against scoring every lane, on random pushes, pops, lane changes and segment ends.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CallTable } from '../../server/src/core/model/growable';
import { FrameStack } from '../../server/src/core/build/frameStack';
import { LaneIndex, SCAN_LANES } from '../../server/src/core/build/laneIndex';
import { LINE_KIND_NAMES, LineKind } from '../../server/src/core/parse/lineKinds';

/** Deterministic pseudo-random numbers in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** The rules of LaneIndex.choose read off the stacks themselves, every lane scored. */
class NaiveLanes {
  /** CPUs in lane order (CPU -1 first) and the stream each runs. */
  readonly cpus: number[] = [-1];
  readonly keyOf = new Map<number, number>();

  constructor(private readonly calls: CallTable, private readonly stackOf: (key: number) => FrameStack | undefined) {}

  private ids(cpu: number): number[] {
    const key = this.keyOf.get(cpu);
    const st = key === undefined ? undefined : this.stackOf(key);
    return st === undefined ? [] : st.ids;
  }

  /** Innermost frame at depth d named nameId (any when -1; unnamed frames match any), not below a shallower frame. */
  private find(ids: number[], d: number, nameId: number): number {
    for (let i = ids.length - 1; i >= 0; i--) {
      const cd = this.calls.depth[ids[i]];
      if (cd > d) continue;
      if (cd < d) return -1;
      const cn = this.calls.name[ids[i]];
      if (nameId < 0 || cn === nameId || cn < 0) return i;
    }
    return -1;
  }

  score(cpu: number, kind: LineKind, d: number, nameId: number): number {
    const ids = this.ids(cpu);
    const n = ids.length;
    const td = n > 0 ? this.calls.depth[ids[n - 1]] : -1;
    if (kind === LineKind.Exit) {
      const i = this.find(ids, d, nameId);
      return i < 0 ? 0 : i === n - 1 ? 4 : 2;
    }
    if (kind === LineKind.Entry || kind === LineKind.Leaf) return td === d - 1 ? 3 : 1;
    return td === d ? 2 : 1;
  }

  /** The first lane with the best score, the previous line's lane half a point more. */
  choose(kind: LineKind, d: number, nameId: number, last: number): number {
    let best = -1;
    let bestScore = -1;
    for (const cpu of this.cpus) {
      const s = this.score(cpu, kind, d, nameId) + (cpu === last ? 0.5 : 0);
      if (s > bestScore) {
        best = cpu;
        bestScore = s;
      }
    }
    return best;
  }
}

/** Runs `ops` random operations on a LaneIndex and the naive lanes; every choice must agree. */
function run(seed: number, ops: number, streams: number, maxLanes: number, maxDepth: number, names: number, sweepFrom?: number, scanUpTo = 0): { choices: number; elsewhere: number } {
  const rnd = random(seed);
  const pick = (n: number): number => Math.floor(rnd() * n);
  const calls = new CallTable(64);
  let stacks = new Map<number, FrameStack>();
  let order = 0;
  const stackOf = (key: number): FrameStack | undefined => stacks.get(key);
  const stack = (key: number): FrameStack => {
    let st = stacks.get(key);
    if (st === undefined) {
      stacks.set(key, (st = new FrameStack(key, order++, calls)));
      // As Streams does: stacks are indexed (and report their changes) once the lanes keep an index.
      if (lanes.keepsIndex) st.index();
    }
    return st;
  };
  const lanes: LaneIndex = new LaneIndex(stackOf, sweepFrom, () => stacks.values(), scanUpTo);
  const naive = new NaiveLanes(calls, stackOf);
  const attach = (cpu: number, key: number): void => {
    lanes.attach(cpu, key);
    naive.keyOf.set(cpu, key);
  };
  attach(-1, 0);
  let choices = 0;
  let elsewhere = 0;
  for (let op = 0; op < ops; op++) {
    // Phases that grow the stacks and phases that drain them (keys given up pile up as stale holders).
    const grow = Math.floor(op / 3000) % 2 === 0;
    const r = rnd();
    if (r < (grow ? 0.4 : 0.2)) {
      // Push: mostly one level below the top frame, sometimes any depth (moved streams, lost exits).
      const st = stack(pick(streams));
      const top = st.length > 0 ? st.topDepth() : -1;
      const depth = rnd() < 0.7 ? Math.min(top + 1, maxDepth) : pick(maxDepth + 1);
      const name = pick(names + 1) - 1;
      const id = calls.add(op, -1, depth, 0, -1, name);
      st.push(id);
      lanes.framesChanged(st, depth, name, true);
    } else if (r < 0.75) {
      const st = stack(pick(streams));
      if (st.length === 0) continue;
      const id = st.pop();
      lanes.framesChanged(st, calls.depth[id], calls.name[id], false);
    } else if (r < 0.78) {
      if (naive.cpus.length > maxLanes) continue;
      const cpu = naive.cpus.length - 1;
      const key = pick(streams);
      lanes.addLane(cpu, key);
      naive.cpus.push(cpu);
      naive.keyOf.set(cpu, key);
    } else if (r < 0.82) {
      // A lane switches streams (several lanes may run one stream).
      attach(naive.cpus[pick(naive.cpus.length)], pick(streams));
    } else if (r < 0.822) {
      // A segment end: every stack starts empty.
      stacks = new Map();
      lanes.clearHolders();
      for (let k = 0; k < streams; k++) lanes.refresh(k);
    } else {
      const kinds = [LineKind.Entry, LineKind.Leaf, LineKind.Exit, LineKind.Exit, LineKind.IrqEntry];
      const kind = kinds[pick(kinds.length)];
      const d = pick(maxDepth + 2);
      const nameId = kind === LineKind.Exit ? pick(names + 1) - 1 : -1;
      const last = naive.cpus[pick(naive.cpus.length)];
      const want = naive.choose(kind, d, nameId, last);
      const got = lanes.choose(kind, d, nameId, last);
      if (got !== want) assert.fail(`seed ${seed}, op ${op}: ${LINE_KIND_NAMES[kind]} at depth ${d} name ${nameId} after lane ${last}: index chose ${got}, scoring every lane ${want}`);
      choices++;
      if (want !== last) elsewhere++;
    }
  }
  return { choices, elsewhere };
}

test('LaneIndex.choose picks the lane that scoring every lane picks (random operations)', () => {
  let elsewhere = 0;
  for (let seed = 1; seed <= 30; seed++) elsewhere += run(seed, 4000, 10, 12, 6, 4).elsewhere;
  // The index must have been asked, not only the previous line's lane.
  assert.ok(elsewhere > 1000, `only ${elsewhere} choices left the previous line's lane`);
});

test('LaneIndex.choose stays exact when stale holders are swept often', () => {
  for (let seed = 100; seed < 110; seed++) run(seed, 6000, 40, 12, 8, 6, 4);
});

test('with few lanes every lane is scored (no index kept), and the index started when a lane more is named agrees from then on', () => {
  let elsewhere = 0;
  // 8 lanes scored (the default), then the index from the 9th lane on; and a switch after 3 lanes.
  for (let seed = 200; seed < 230; seed++) elsewhere += run(seed, 4000, 10, 12, 6, 4, undefined, SCAN_LANES).elsewhere;
  for (let seed = 300; seed < 310; seed++) elsewhere += run(seed, 4000, 10, 12, 6, 4, 4, 3).elsewhere;
  assert.ok(elsewhere > 1000, `only ${elsewhere} choices left the previous line's lane`);
  // Never more than 8 lanes: the index is never started, and every choice is still exact.
  for (let seed = 400; seed < 410; seed++) run(seed, 4000, 10, 6, 6, 4, undefined, SCAN_LANES);
});
