// displayText/cutText (cut with a note, spoofing characters escaped), splitModule (one pass, as its old regex) and the client's noIcons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DISPLAY_LIMIT, cutText, displayParts, displayText, neutralise, splitModule } from '../../server/src/core/index';
import { noIcons } from '../../client/src/shared/noIcons';

test('displayText: short plain names unchanged, also non-Latin ones and $( (an editor concern)', () => {
  for (const s of ['vfs_read', 'vfio_iommu_type1_attach_group [vfio_iommu_type1]', 'é 日本 😀', 'a$(alert)b', 'tab and nbsp\u00a0', '']) assert.equal(displayText(s), s);
});

test('displayText: controls, bidi, zero-width and invisible characters become visible escapes', () => {
  const cases: [string, string][] = [
    ['a\u202Eb', 'a\\u202Eb'],
    ['\u202A\u202B\u202C\u202D', '\\u202A\\u202B\\u202C\\u202D'],
    ['\u2066\u2067\u2068\u2069', '\\u2066\\u2067\\u2068\\u2069'],
    ['\u061C\u200E\u200F', '\\u061C\\u200E\\u200F'],
    ['\u200B\u200C\u200D\u2060\uFEFF\u00AD', '\\u200B\\u200C\\u200D\\u2060\\uFEFF\\u00AD'],
    ['\u0000\u0009\u000A\u000D\u001B\u007F', '\\u0000\\u0009\\u000A\\u000D\\u001B\\u007F'],
    ['\u0080\u0085\u009B\u009F', '\\u0080\\u0085\\u009B\\u009F'],
    ['\u2028\u2029', '\\u2028\\u2029'],
    ['x\u{E0041}\u{E007F}', 'x\\u{E0041}\\u{E007F}'],
    ['\u3164\uFFA0\uFE0F', '\\u3164\\uFFA0\\uFE0F'],
    ['lone \uD800 and \uDC00', 'lone \\uD800 and \\uDC00'],
  ];
  for (const [raw, shown] of cases) assert.equal(displayText(raw), shown, JSON.stringify(raw));
});

test('displayText: a long text is cut at DISPLAY_LIMIT with a note giving its length', () => {
  const big = 'n'.repeat(10_000_000);
  assert.equal(displayText(big), `${'n'.repeat(DISPLAY_LIMIT)}… (10,000,000 characters)`);
  assert.deepEqual(displayParts('abcdef', 3), { text: 'abc', note: '… (6 characters)' });
  assert.equal(displayText('x'.repeat(DISPLAY_LIMIT)), 'x'.repeat(DISPLAY_LIMIT));
  // Cut first, then escaped: the cost and size depend on the limit, not on the input.
  assert.equal(displayText('\u202E'.repeat(1000), 2), '\\u202E\\u202E… (1,000 characters)');
  // A surrogate pair is never split.
  assert.equal(cutText('a😀', 2), 'a… (3 characters)');
  // cutText keeps characters as they are (JSON output escapes itself).
  assert.equal(cutText('\u202Eab', 2), '\u202Ea… (3 characters)');
});

test('displayText: property: no spoofing character survives, text without them is kept', () => {
  const spoof = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\p{Default_Ignorable_Code_Point}]/u;
  fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 600 }), (s) => {
    const shown = displayText(s);
    assert.doesNotMatch(shown, spoof);
    if (s.length <= DISPLAY_LIMIT && !spoof.test(s)) assert.equal(shown, s);
    if (s.length <= DISPLAY_LIMIT) assert.equal(neutralise(s), shown);
  }), { numRuns: 2000 });
});

test('splitModule: the same split as / \\[([^\\]]+)\\]$/ on every short string of the telling characters', () => {
  const re = / \[([^\]]+)\]$/;
  const alphabet = [' ', '[', ']', 'a'];
  for (let len = 0; len <= 7; len++) {
    for (let k = 0; k < 4 ** len; k++) {
      let s = '';
      for (let i = 0, x = k; i < len; i++, x >>= 2) s += alphabet[x & 3];
      const m = re.exec(s);
      assert.deepEqual(splitModule(s), m ? { symbol: s.slice(0, m.index), module: m[1] } : { symbol: s, module: undefined }, JSON.stringify(s));
    }
  }
  assert.deepEqual(splitModule('vfio_fops_unl_ioctl [vfio]'), { symbol: 'vfio_fops_unl_ioctl', module: 'vfio' });
  // Long names of ` [` runs: one pass (the regex retried from each ` [`).
  const hostile = ' ['.repeat(2_000_000) + ']';
  assert.equal(splitModule(hostile).module, hostile.slice(2, -1));
});

test('noIcons (client): `$(` shown as text in quick picks and Go to Symbol, nothing else changed', () => {
  assert.equal(noIcons('$(alert)-11'), '\\$(alert)-11');
  assert.equal(noIcons('a$(x)$(y) $ ( $x'), 'a\\$(x)\\$(y) $ ( $x');
  assert.equal(noIcons('vfs_read'), 'vfs_read');
});
