// Checks that the ids contributed in package.json (languages, grammars, commands, views, settings) match the constants in client/src/shared/ids.ts.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import * as ids from '../../client/src/shared/ids';

const root = join(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const pkg: any = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const contributes = pkg.contributes ?? {};

/** Strips a leading "./" from a contributed path. */
const bare = (p: string) => p.replace(/^\.\//, '');

test('the language contribution uses LANGUAGE_ID and the language configuration file exists', () => {
  const langs = contributes.languages ?? [];
  assert.deepEqual(langs.map((l: { id: string }) => l.id), [ids.LANGUAGE_ID]);
  assert.equal(bare(langs[0].configuration), ids.LANGUAGE_CONFIGURATION_PATH);
  assert.ok(existsSync(join(root, ids.LANGUAGE_CONFIGURATION_PATH)));
  assert.ok(pkg.activationEvents.includes(`onLanguage:${ids.LANGUAGE_ID}`));
});

test('the grammar contribution matches GRAMMAR_SCOPE and GRAMMAR_PATH, and the file declares the same scope', () => {
  const grammars = contributes.grammars ?? [];
  assert.equal(grammars.length, 1);
  assert.equal(grammars[0].language, ids.LANGUAGE_ID);
  assert.equal(grammars[0].scopeName, ids.GRAMMAR_SCOPE);
  assert.equal(bare(grammars[0].path), ids.GRAMMAR_PATH);
  const grammar = JSON.parse(readFileSync(join(root, ids.GRAMMAR_PATH), 'utf8'));
  assert.equal(grammar.scopeName, ids.GRAMMAR_SCOPE);
});

test('configurationDefaults only target the ftrace language', () => {
  const keys = Object.keys(contributes.configurationDefaults ?? {});
  assert.deepEqual(keys, keys.length ? [`[${ids.LANGUAGE_ID}]`] : []);
});

test('every contributed command id is in ids.ts and vice versa', () => {
  const contributed = (contributes.commands ?? []).map((c: { command: string }) => c.command).sort();
  assert.deepEqual(contributed, [...ids.COMMAND_IDS].sort());
});

test('every contributed view id is in ids.ts and vice versa', () => {
  const views: Record<string, { id: string }[]> = contributes.views ?? {};
  const contributed = Object.values(views).flat().map((v) => v.id).sort();
  assert.deepEqual(contributed, [...ids.VIEW_IDS].sort());
});

test('every contributed setting key is in ids.ts and vice versa', () => {
  const configuration = contributes.configuration;
  const sections = Array.isArray(configuration) ? configuration : configuration ? [configuration] : [];
  const contributed = sections.flatMap((s: { properties?: object }) => Object.keys(s.properties ?? {})).sort();
  assert.deepEqual(contributed, [...ids.SETTING_KEYS].sort());
});

test('npm run package never stops at a prompt: vsce is told the repository field is absent on purpose', () => {
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8'));
  // vsce asks "Do you want to continue? [y/N]" in a terminal when package.json has no `repository`.
  assert.ok(pkg.repository !== undefined || /vsce package [^&]*--allow-missing-repository/.test(pkg.scripts.package), pkg.scripts.package);
});
