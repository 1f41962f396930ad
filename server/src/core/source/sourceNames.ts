// The names a traced kernel function may be defined under in C source: the printed name, without the compiler's clone suffix, and a syscall wrapper's SYSCALL_DEFINE names.

/**
 * `__x64_sys_read`, `__arm64_compat_sys_ioctl`, `__se_sys_read`, `__do_sys_read`: the functions
 * `SYSCALL_DEFINEn(read, …)` expands to (one per architecture's entry wrapper, plus the shared
 * `__se_` and `__do_` ones). Group 1: `compat_` or nothing; group 2: the syscall's name.
 */
const SYSCALL_WRAPPER = /^__(?:x64|x32|ia32|arm64|arm|riscv|s390x|s390|powerpc|loongarch|se|do)_(compat_)?sys_([A-Za-z0-9_]+)$/;

/** A C identifier (the names a definition can have). */
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * The names under which a function printed as `name` may be defined, the most exact first
 * (each once):
 * - the name itself (a C identifier);
 * - without a compiler clone suffix: `vfs_read.isra.0`, `foo.constprop.0`, `foo.part.0`,
 *   `foo.cold`, `foo.llvm.123` are `vfs_read`, `foo` (no C identifier holds a dot);
 * - for a syscall wrapper (`__x64_sys_read`, `__se_sys_read`, `__do_sys_read`, with `compat_` too):
 *   `__do_sys_read` (what a C language server indexes at the `SYSCALL_DEFINE3(read, …)` line)
 *   and `sys_read` (the tag the kernel's `make tags` makes for that line).
 * Nothing for a name that is no function's: a raw address (`0xffffffff81234567`), text with spaces.
 */
export function sourceNames(name: string): string[] {
  const out: string[] = [];
  const add = (n: string): void => {
    if (IDENTIFIER.test(n) && !out.includes(n)) out.push(n);
  };
  const trimmed = name.trim();
  const dot = trimmed.indexOf('.');
  const base = dot < 0 ? trimmed : trimmed.slice(0, dot);
  if (/^0x[0-9a-fA-F]+$/.test(base)) return out;
  add(trimmed);
  add(base);
  const m = SYSCALL_WRAPPER.exec(base);
  if (m !== null) {
    const compat = m[1] ?? '';
    add(`__do_${compat}sys_${m[2]}`);
    add(`${compat}sys_${m[2]}`);
  }
  return out;
}
