// The share of pieces the main thread parses beside the lex workers: from the measured costs, none while the workers keep ahead, spread evenly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PieceCosts } from '../../server/src/threads/pieceCosts';

const MB = 1 << 20;

test('no piece is parsed here before a lexed piece was measured, nor while the workers are the faster side', () => {
  const c = new PieceCosts(1);
  assert.equal(c.share, 0);
  c.parsed(4 * MB, 40);
  assert.equal(c.share, 0);
  // Lexing 2 ms/MB, recording 3 ms/MB: this thread is the slower side.
  c.lexed(4 * MB, 8);
  c.recorded(4 * MB, 12);
  assert.equal(c.share, 0);
  for (let i = 0; i < 100; i++) assert.equal(c.parseHere(), false);
});

test('the share balances the sides: (L/W - R) / (L/W - R + S), and the pieces parsed here follow it evenly', () => {
  const c = new PieceCosts(1);
  // L = 3, R = 1 ms/MB; S not measured yet: taken as L + R = 4.
  c.lexed(MB, 3);
  c.recorded(MB, 1);
  assert.equal(c.share, 2 / 6);
  c.parsed(MB, 6);
  assert.equal(c.share, 2 / 8);
  const here = Array.from({ length: 400 }, () => c.parseHere());
  assert.equal(here.filter(Boolean).length, 100);
  // Never two in a row at a quarter.
  assert.ok(!here.some((h, i) => h && here[i + 1]));
  // Two workers lexing at 3 ms/MB each outpace recording at 1.5: nothing here.
  const two = new PieceCosts(2);
  two.lexed(MB, 3);
  two.recorded(MB, 1.5);
  assert.equal(two.share, 0);
});

test('the costs follow the latest pieces (a worker slowed by another process moves work here), and odd samples are ignored', () => {
  const c = new PieceCosts(1);
  c.lexed(MB, 1);
  c.recorded(MB, 1);
  assert.equal(c.share, 0);
  for (let i = 0; i < 20; i++) c.lexed(MB, 5);
  assert.ok(c.share > 0.39 && c.share <= 0.4, String(c.share)); // (5 - 1) / (5 - 1 + 6), S taken as L + R
  c.lexed(0, 5);
  c.lexed(MB, NaN);
  c.recorded(MB, -1);
  assert.ok(c.share > 0.39 && c.share <= 0.4, String(c.share));
});
