// Settings: package.json schema defaults agree with the server's defaults; raw values are normalised.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, SETTINGS_SECTION, normaliseSettings } from '../../server/src/settings';
import { SETTINGS_SECTION as CLIENT_SECTION, Settings } from '../../client/src/shared/ids';

const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
const props: Record<string, { default: unknown; scope: string; markdownDescription: string }> = pkg.contributes.configuration.properties;

test('every contributed setting has a default equal to the server default, resource scope and a description', () => {
  assert.equal(CLIENT_SECTION, SETTINGS_SECTION);
  // Settings only the client reads (how the editor is reopened) have no server default.
  const clientOnly = new Set<string>(Object.values(Settings));
  for (const [key, schema] of Object.entries(props)) {
    assert.equal(schema.scope, 'resource', key);
    assert.ok(schema.markdownDescription.length > 20, key);
    if (clientOnly.has(key)) continue;
    const path = key.split('.').slice(1);
    let v: unknown = DEFAULT_SETTINGS;
    for (const p of path) v = (v as Record<string, unknown>)[p];
    assert.deepEqual(schema.default, v, key);
    assert.equal(schema.scope, 'resource', key);
    assert.ok(schema.markdownDescription.length > 20, key);
  }
  assert.equal(Object.keys(props).length - clientOnly.size, 10);
});

test('raw settings are normalised: wrong types fall back, numbers are clamped', () => {
  assert.deepEqual(normaliseSettings(undefined), DEFAULT_SETTINGS);
  assert.deepEqual(normaliseSettings('junk'), DEFAULT_SETTINGS);
  const s = normaliseSettings({ diagnostics: { slowCallThresholdUs: '250', measure: 'self', severity: 'loud', maxSlowCalls: -5, structural: 'no' }, inlayHints: { enabled: false } });
  assert.equal(s.diagnostics.slowCallThresholdUs, 250);
  assert.equal(s.diagnostics.measure, 'self');
  assert.equal(s.diagnostics.severity, 'warning');
  assert.equal(s.diagnostics.maxSlowCalls, 0);
  assert.equal(s.diagnostics.structural, true);
  assert.equal(s.inlayHints.enabled, false);
  assert.equal(s.diagnostics.structuralSeverity, 'byKind');
  assert.equal(normaliseSettings({ diagnostics: { structuralSeverity: 'hint' } }).diagnostics.structuralSeverity, 'hint');
  assert.equal(normaliseSettings({ diagnostics: { structuralSeverity: 'loud' } }).diagnostics.structuralSeverity, 'byKind');
  assert.equal(s.diagnostics.includeIdle, false);
  assert.equal(s.diagnostics.includeSleep, false);
});

test('tags files: strings kept (trimmed, blanks dropped, at most 32), anything else falls back to none', () => {
  assert.deepEqual(normaliseSettings({ source: { tagsFiles: [' tags ', '', 3, '/src/linux/tags', null] } }).source.tagsFiles, ['tags', '/src/linux/tags']);
  assert.deepEqual(normaliseSettings({ source: { tagsFiles: 'tags' } }).source.tagsFiles, []);
  assert.equal(normaliseSettings({ source: { tagsFiles: Array.from({ length: 40 }, (_, i) => `t${i}`) } }).source.tagsFiles.length, 32);
});

test('slow means on-CPU by default, idle and sleeps left out; the measure and both switches can be chosen', () => {
  assert.equal(DEFAULT_SETTINGS.diagnostics.measure, 'onCpu');
  assert.equal(DEFAULT_SETTINGS.diagnostics.includeIdle, false);
  assert.equal(DEFAULT_SETTINGS.diagnostics.includeSleep, false);
  assert.deepEqual((props['ftraceLens.diagnostics.measure'] as unknown as { enum: string[] }).enum, ['onCpu', 'inclusive', 'self']);
  for (const measure of ['onCpu', 'inclusive', 'self'] as const) assert.equal(normaliseSettings({ diagnostics: { measure } }).diagnostics.measure, measure);
  assert.equal(normaliseSettings({ diagnostics: { measure: 'wall' } }).diagnostics.measure, 'onCpu');
  const s = normaliseSettings({ diagnostics: { includeIdle: true, includeSleep: true } });
  assert.equal(s.diagnostics.includeIdle, true);
  assert.equal(s.diagnostics.includeSleep, true);
  assert.equal(normaliseSettings({ diagnostics: { includeIdle: 'yes' } }).diagnostics.includeIdle, false);
});
