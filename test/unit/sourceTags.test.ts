// Go to Definition's pure parts: the names a traced function may be defined under, ctags lines, and the source line a tag points at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { notFoundMessage } from '../../client/src/navigation/sourceMessages';
import { definitionTags, findTagLine, guessTagLine, parseTagLine, sourceNames, tagsSorting, type Tag } from '../../server/src/core/index';

test('source names: the printed name, then without a clone suffix, then a syscall wrapper\'s SYSCALL_DEFINE names', () => {
  assert.deepEqual(sourceNames('vfs_read'), ['vfs_read']);
  assert.deepEqual(sourceNames('vfs_read.isra.0'), ['vfs_read']);
  assert.deepEqual(sourceNames('prep_new_page.constprop.0'), ['prep_new_page']);
  assert.deepEqual(sourceNames('copy_page_range.part.0'), ['copy_page_range']);
  assert.deepEqual(sourceNames('__x64_sys_read'), ['__x64_sys_read', '__do_sys_read', 'sys_read']);
  assert.deepEqual(sourceNames('__arm64_sys_openat'), ['__arm64_sys_openat', '__do_sys_openat', 'sys_openat']);
  assert.deepEqual(sourceNames('__se_sys_ioctl'), ['__se_sys_ioctl', '__do_sys_ioctl', 'sys_ioctl']);
  assert.deepEqual(sourceNames('__do_sys_ioctl'), ['__do_sys_ioctl', 'sys_ioctl']);
  assert.deepEqual(sourceNames('__x64_compat_sys_ioctl'), ['__x64_compat_sys_ioctl', '__do_compat_sys_ioctl', 'compat_sys_ioctl']);
  assert.deepEqual(sourceNames('__x64_sys_read.cold'), ['__x64_sys_read', '__do_sys_read', 'sys_read']);
  // No C function's name: a raw address, text with spaces or quotes, nothing.
  assert.deepEqual(sourceNames('0xffffffff81234567'), []);
  assert.deepEqual(sourceNames('foo bar'), []);
  assert.deepEqual(sourceNames(''), []);
  assert.deepEqual(sourceNames('a"b'), []);
});

test('tag lines: patterns with escapes, line numbers, kinds as letters, words or fields; headers and junk are no tags', () => {
  assert.deepEqual(parseTagLine('vfs_read\tfs/read_write.c\t/^ssize_t vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)$/;"\tf\ttyped:ssize_t'), {
    name: 'vfs_read', file: 'fs/read_write.c', address: { pattern: 'ssize_t vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)', toEnd: true }, kind: 'f',
  });
  // Escaped slashes and backslashes stand for themselves; a cut pattern (no `$`) matches a line's start.
  assert.deepEqual(parseTagLine('f\ta.c\t/^int f(void) { return a \\/ b; \\\\ x$/;"\tkind:function')?.address, { pattern: 'int f(void) { return a / b; \\ x', toEnd: true });
  assert.deepEqual(parseTagLine('f\ta.c\t/^static int f(struct very_long_type *x, struct another_long_type *y, unsigned long fl/;"\tf')?.address, { pattern: 'static int f(struct very_long_type *x, struct another_long_type *y, unsigned long fl', toEnd: false });
  assert.deepEqual(parseTagLine('sys_read\tfs/read_write.c\t/^SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)$/;"\tf'), {
    name: 'sys_read', file: 'fs/read_write.c', address: { pattern: 'SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)', toEnd: true }, kind: 'f',
  });
  assert.deepEqual(parseTagLine('g\tb.c\t42;"\tf'), { name: 'g', file: 'b.c', address: { line: 42 }, kind: 'f' });
  assert.deepEqual(parseTagLine('g\tb.c\t42'), { name: 'g', file: 'b.c', address: { line: 42 }, kind: '' });
  // A `line:` field wins over the pattern; a CR at the end is dropped.
  assert.deepEqual(parseTagLine('h\tc.c\t/^void h(void)$/;"\tkind:function\tline:7\r'), { name: 'h', file: 'c.c', address: { line: 7 }, kind: 'function' });
  assert.deepEqual(parseTagLine('h\tc.c\t?^void h(void)$?;"\tp'), { name: 'h', file: 'c.c', address: { pattern: 'void h(void)', toEnd: true }, kind: 'p' });
  for (const junk of ['', '!_TAG_FILE_SORTED\t1\t/0=unsorted, 1=sorted, 2=foldcase/', 'no tabs here', 'a\tb', '\tb\t1', 'a\t\t1', 'a\tb\t/^unterminated', 'a\tb\tsearch', 'a\tb\t/not anchored/']) {
    assert.equal(parseTagLine(junk), undefined, JSON.stringify(junk));
  }
});

test('tags sorting from the header: 1, 2 (foldcase), 0; a file without the header is read as unsorted', () => {
  assert.equal(tagsSorting('!_TAG_FILE_FORMAT\t2\t/extended format/\n!_TAG_FILE_SORTED\t1\t/0=unsorted, 1=sorted, 2=foldcase/\n'), 1);
  assert.equal(tagsSorting('!_TAG_FILE_SORTED\t2\t/x/\n'), 2);
  assert.equal(tagsSorting('!_TAG_FILE_SORTED\t0\t/x/\n'), 0);
  assert.equal(tagsSorting('a\tb.c\t1\n'), 0);
});

test('the line a tag points at: a whole line, a line\'s start for a cut pattern, a line number; -1 when gone', () => {
  const src = '#include <x.h>\r\n\r\nstatic int helper(int a)\r\n{\r\n\treturn a;\r\n}\r\nint helper2(void)\r\n';
  assert.equal(findTagLine(src, { pattern: 'static int helper(int a)', toEnd: true }), 2);
  assert.equal(findTagLine(src, { pattern: 'int helper', toEnd: false }), 6);
  assert.equal(findTagLine(src, { pattern: 'int helper', toEnd: true }), -1);
  assert.equal(findTagLine(src, { pattern: 'static int gone(void)', toEnd: true }), -1);
  assert.equal(findTagLine(src, { line: 1 }), 0);
  assert.equal(findTagLine(src, { line: 7 }), 6);
  assert.equal(findTagLine(src, { line: 8 }), 7);
  assert.equal(findTagLine(src, { line: 9 }), -1);
  assert.equal(findTagLine(src, { line: 0 }), -1);
  assert.equal(findTagLine('', { pattern: '', toEnd: true }), 0);
});

test('definitions among one name\'s tags: functions first, else anything but prototypes, else all; at most max', () => {
  const t = (kind: string, file = 'a.c'): Tag => ({ name: 'f', file, address: { line: 1 }, kind });
  assert.deepEqual(definitionTags([t('p'), t('f', 'x86.c'), t('d'), t('function', 'arm.c')], 10).map((x) => x.file), ['x86.c', 'arm.c']);
  assert.deepEqual(definitionTags([t('p'), t('d', 'm.h'), t('x')], 10).map((x) => x.file), ['m.h']);
  assert.deepEqual(definitionTags([t('p', 'a.h'), t('x', 'b.h')], 10).map((x) => x.file), ['a.h', 'b.h']);
  assert.equal(definitionTags(Array.from({ length: 30 }, () => t('f')), 20).length, 20);
});

test('a definition guessed when the tag\'s pattern is gone: a line starting with no blank with the name as a word before `(`', () => {
  const src = ['/* helper(x) in a comment */', '\treturn helper(1);', 'int helper_two(void)', 'static int', 'helper (int a, int b)', 'static int helper(int a)', ''].join('\n');
  // Not the comment, not the call (indented), not helper_two: the first line that begins a definition.
  assert.equal(guessTagLine(src, 'helper'), 4);
  assert.equal(guessTagLine(' * helper(x) in a block comment\n#define helper(x) (x)\n', 'helper'), 1);
  assert.equal(guessTagLine('int helper_two(void)\n\thelper();\n', 'helper'), -1);
  assert.equal(guessTagLine('SYSCALL_DEFINE3(read, int, fd)\n', 'sys_read'), -1);
  assert.equal(guessTagLine('x', ''), -1);
});

test('Go to Source\'s message when nothing is found: not a function, no tags file, or which tags files lacked it', () => {
  assert.match(notFoundMessage('0xffffffff81234567', { names: [], locations: [], tagsFiles: [] }), /^0xffffffff81234567 is not a C function's name/);
  assert.match(notFoundMessage('__x64_sys_foo', { names: ['__x64_sys_foo', '__do_sys_foo', 'sys_foo'], locations: [], tagsFiles: [] }),
    /^No definition of __x64_sys_foo, __do_sys_foo, sys_foo found: no tags file near this trace.*make tags.*ftraceLens\.source\.tagsFiles/);
  assert.match(notFoundMessage('f', { names: ['f'], locations: [], tagsFiles: [join('src', 'linux', 'tags'), join('src', 'other', 'tags')] }),
    new RegExp(`^No definition of f in the tags files ${join('linux', 'tags')}, ${join('other', 'tags')}, and no symbol provider knew it`.replace(/[\\/]/g, '[\\\\/]')));
});
