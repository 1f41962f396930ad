// A small piece of kernel-like C source (fs/read_write.c shapes) for the Go to Definition tests, in VS Code and over the wire.

/** Lines of `fs/read_write.c`: vfs_read at line 3 (0-based), SYSCALL_DEFINE3(read, …) at line 8. */
export const READ_WRITE_C: readonly string[] = [
  '// SPDX-License-Identifier: GPL-2.0',
  '#include <linux/fs.h>',
  '',
  'ssize_t vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)',
  '{',
  '\treturn 0;',
  '}',
  '',
  'SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)',
  '{',
  '\treturn ksys_read(fd, buf, count);',
  '}',
];

/** The header universal-ctags writes (sorted by bytes). */
export const TAGS_HEADER: readonly string[] = [
  '!_TAG_FILE_FORMAT\t2\t/extended format; --format=1 will not append ;" to lines/',
  '!_TAG_FILE_SORTED\t1\t/0=unsorted, 1=sorted, 2=foldcase/',
];

/** The tags of READ_WRITE_C as `make tags` writes them (`sys_read` from its SYSCALL_DEFINE regex). */
export const READ_WRITE_TAGS = {
  sysRead: 'sys_read\tfs/read_write.c\t/^SYSCALL_DEFINE3(read, unsigned int, fd, char __user *, buf, size_t, count)$/;"\tf',
  vfsRead: 'vfs_read\tfs/read_write.c\t/^ssize_t vfs_read(struct file *file, char __user *buf, size_t count, loff_t *pos)$/;"\tf',
} as const;
