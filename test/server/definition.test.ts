// Go to Definition over the wire: a function name, an exit's `}` or its tail name lead to the C line its tags file gives (workspace folders, the setting, the nearest tags above the trace).
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Location, LocationLink } from 'vscode-languageserver-types';
import { LspPair } from './lspPair';
import { READ_WRITE_C, READ_WRITE_TAGS, TAGS_HEADER } from '../integration/kernelSource';

const root = mkdtempSync(join(tmpdir(), 'ftrace-lens-definition-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** A small kernel-like tree: sources, and a tags file as universal-ctags writes it (sorted by bytes). */
function tree(name: string, tagsAt = 'tags'): string {
  const dir = join(root, name);
  mkdirSync(join(dir, 'fs'), { recursive: true });
  mkdirSync(join(dir, 'include', 'linux'), { recursive: true });
  mkdirSync(join(dir, 'traces'), { recursive: true });
  writeFileSync(join(dir, 'fs', 'read_write.c'), [...READ_WRITE_C, 'static void gone_helper(void) {}', ''].join('\n'));
  writeFileSync(join(dir, 'include', 'linux', 'fs.h'), 'extern ssize_t vfs_read(struct file *, char __user *, size_t, loff_t *);\n');
  const lines = [
    ...TAGS_HEADER,
    'gone_helper\tfs/read_write.c\t/^static void gone_helper(int changed) {}$/;"\tf',
    READ_WRITE_TAGS.sysRead,
    'vanished\tfs/read_write.c\t/^int vanished(void)$/;"\tf',
    READ_WRITE_TAGS.vfsRead,
    'vfs_read\tinclude/linux/fs.h\t/^extern ssize_t vfs_read(struct file *, char __user *, size_t, loff_t *);$/;"\tp',
  ];
  mkdirSync(join(dir, tagsAt, '..'), { recursive: true });
  writeFileSync(join(dir, tagsAt), lines.join('\n') + '\n');
  return dir;
}

const TRACE = [
  '# tracer: function_graph',
  ' 0)               |  vfs_read.isra.0 [ext4]() {',
  ' 0)   1.000 us    |    __x64_sys_read();',
  ' 0)   0.500 us    |    gone_helper();',
  ' 0) + 12.000 us   |  }',
  ' 1)   0.123 us    |  } /* vfs_read */',
  ' 1)   0.200 us    |  vanished();',
  '',
].join('\n');

const links = { textDocument: { definition: { linkSupport: true } } };

async function definition(pair: LspPair, uri: string, line: number, character: number): Promise<LocationLink[] | Location[] | null> {
  return pair.client.sendRequest('textDocument/definition', { textDocument: { uri }, position: { line, character } });
}

describe('definition: tags files of the workspace folders', () => {
  const dir = tree('ws');
  const pair = new LspPair({ capabilities: links, workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'linux' }] });
  const uri = pathToFileURL(join(root, 'elsewhere.trace')).href;
  after(() => pair.close());

  test('a function name (with its clone suffix and module) leads to its definition, not its prototype', async () => {
    await pair.initialize();
    await pair.open(uri, TRACE);
    const r = await definition(pair, uri, 1, 25) as LocationLink[];
    assert.equal(r.length, 1);
    assert.equal(r[0].targetUri, pathToFileURL(join(dir, 'fs', 'read_write.c')).href);
    assert.deepEqual(r[0].targetRange, { start: { line: 3, character: 0 }, end: { line: 3, character: 80 } });
    assert.deepEqual(r[0].targetSelectionRange, { start: { line: 3, character: 8 }, end: { line: 3, character: 16 } });
    // The link starts from the printed name and its module.
    assert.deepEqual(r[0].originSelectionRange, { start: { line: 1, character: 21 }, end: { line: 1, character: 43 } });
  });

  test('an exit\'s `}` and its tail name lead to the call\'s definition', async () => {
    const brace = await definition(pair, uri, 4, 21) as LocationLink[];
    assert.equal(brace[0].targetRange.start.line, 3);
    assert.deepEqual(brace[0].originSelectionRange, { start: { line: 4, character: 21 }, end: { line: 4, character: 22 } });
    const tail = await definition(pair, uri, 5, 28) as LocationLink[];
    assert.equal(tail[0].targetRange.start.line, 3);
    assert.deepEqual(tail[0].originSelectionRange, { start: { line: 5, character: 26 }, end: { line: 5, character: 34 } });
  });

  test('a syscall wrapper leads to its SYSCALL_DEFINE line (the tag `make tags` makes: sys_read)', async () => {
    const r = await definition(pair, uri, 2, 26) as LocationLink[];
    assert.equal(r.length, 1);
    assert.equal(r[0].targetRange.start.line, 8);
    // The line does not hold `sys_read` as a word: the whole line is selected.
    assert.deepEqual(r[0].targetSelectionRange, r[0].targetRange);
  });

  test('a tag older than its source: the definition is guessed; nothing where no function is, nor for a name its source lost', async () => {
    // The tag's pattern (`gone_helper(int changed)`) is no longer in the file; the definition is.
    const guessed = await definition(pair, uri, 3, 26) as LocationLink[];
    assert.equal(guessed[0].targetRange.start.line, 12);
    assert.equal(await definition(pair, uri, 6, 23), null);
    assert.equal(await definition(pair, uri, 1, 5), null);
    assert.equal(await definition(pair, uri, 2, 10), null);
    assert.equal(await definition(pair, uri, 0, 3), null);
    assert.equal(await definition(pair, uri, 99, 0), null);
  });

  test('ftrace/sourceNames: the span and the names to ask a C language server for', async () => {
    assert.deepEqual(await pair.client.sendRequest('ftrace/sourceNames', { uri, line: 2, character: 26 }), {
      range: { start: { line: 2, character: 23 }, end: { line: 2, character: 37 } },
      names: ['__x64_sys_read', '__do_sys_read', 'sys_read'],
    });
    assert.equal(await pair.client.sendRequest('ftrace/sourceNames', { uri, line: 2, character: 8 }), null);
  });

  test('ftrace/functionSource: by name, for any trace URI (no document needed), with the tags files read', async () => {
    const tags = join(dir, 'tags');
    const src = pathToFileURL(join(dir, 'fs', 'read_write.c')).href;
    const unopened = pathToFileURL(join(root, 'big.trace')).href;
    assert.deepEqual(await pair.client.sendRequest('ftrace/functionSource', { uri: unopened, name: 'vfs_read.isra.0' }), {
      names: ['vfs_read'],
      locations: [{
        uri: src,
        range: { start: { line: 3, character: 0 }, end: { line: 3, character: 80 } },
        selection: { start: { line: 3, character: 8 }, end: { line: 3, character: 16 } },
        text: 'ssize_t vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)',
      }],
      tagsFiles: [tags],
    });
    assert.deepEqual(await pair.client.sendRequest('ftrace/functionSource', { uri, name: 'no_such_function' }), { names: ['no_such_function'], locations: [], tagsFiles: [tags] });
    // No C function's name: nothing is read.
    assert.deepEqual(await pair.client.sendRequest('ftrace/functionSource', { uri, name: '0xffffffff81234567' }), { names: [], locations: [], tagsFiles: [] });
  });

  test('a folder added later is searched, a removed one no longer', async () => {
    const other = tree('added');
    const removed = { uri: pathToFileURL(dir).href, name: 'linux' };
    await pair.client.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [{ uri: pathToFileURL(other).href, name: 'added' }], removed: [removed] } });
    const r = await definition(pair, uri, 1, 25) as LocationLink[];
    assert.equal(r[0].targetUri, pathToFileURL(join(other, 'fs', 'read_write.c')).href);
    await pair.client.sendNotification('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [{ uri: pathToFileURL(other).href, name: 'added' }] } });
    assert.equal(await definition(pair, uri, 1, 25), null);
  });
});

describe('definition: the nearest tags above the trace, the setting, plain locations', () => {
  test('a trace inside a kernel tree finds the tree\'s tags without any folder', async () => {
    const dir = tree('up');
    const pair = new LspPair({ capabilities: links });
    try {
      await pair.initialize();
      const uri = pathToFileURL(join(dir, 'traces', 'x.trace')).href;
      await pair.open(uri, TRACE);
      const r = await definition(pair, uri, 1, 25) as LocationLink[];
      assert.equal(r[0].targetUri, pathToFileURL(join(dir, 'fs', 'read_write.c')).href);
      // An untitled document has no folder above it.
      await pair.open('untitled:Untitled-1', TRACE);
      assert.equal(await definition(pair, 'untitled:Untitled-1', 1, 25), null);
    } finally {
      await pair.close();
    }
  });

  test('ftraceLens.source.tagsFiles: a relative path from the workspace folder; a client without links gets locations', async () => {
    const dir = tree('setting', join('build', 'tags'));
    const pair = new LspPair({
      capabilities: { workspace: { configuration: true } },
      workspaceFolders: [{ uri: pathToFileURL(dir).href, name: 'linux' }],
      configuration: (section) => (section === 'ftraceLens' ? { source: { tagsFiles: [join('build', 'tags')] } } : null),
    });
    try {
      await pair.initialize();
      const uri = pathToFileURL(join(root, 'setting.trace')).href;
      await pair.open(uri, TRACE);
      const r = await definition(pair, uri, 1, 25) as Location[];
      // Relative to the tags file's folder (build/): the source is looked for there and is not found.
      assert.equal(r, null);
      writeFileSync(join(dir, 'build', 'tags'), `vfs_read\t../fs/read_write.c\t4;"\tf\n`);
      const again = await definition(pair, uri, 1, 25) as Location[];
      assert.deepEqual(again, [{ uri: pathToFileURL(join(dir, 'fs', 'read_write.c')).href, range: { start: { line: 3, character: 8 }, end: { line: 3, character: 16 } } }]);
    } finally {
      await pair.close();
    }
  });
});
