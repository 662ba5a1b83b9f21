// Builds remote command lines from argument arrays. POSIX sh single quotes take every
// byte literally except the quote itself, which is closed, escaped and reopened.
// This is the only way user text (paths, patterns) may reach a remote shell.

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/

export function quoteArg(arg: string): string {
  if (arg.includes('\0')) throw new Error('a shell argument cannot contain a NUL byte')
  if (arg.length > 0 && SAFE.test(arg)) return arg
  return `'${arg.replace(/'/g, `'\\''`)}'`
}

export function buildCommand(argv: readonly string[]): string {
  if (argv.length === 0) throw new Error('empty command')
  return argv.map(quoteArg).join(' ')
}
