// The command line an exec channel runs: the argument array quoted for the remote shell (never
// concatenated), its environment, a secret read from the channel's input, and a watcher that ends
// the command when the workbench stops reading.
import { buildCommand, quoteArg } from '../../../core/text'

export function watchedCommand(
  argv: readonly string[],
  env: Record<string, string> = {},
  secret?: { name: string; value: string },
): string {
  const assignments = Object.entries(env).map(([k, v]) => {
    if (!/^[A-Z_][A-Z0-9_]*$/.test(k)) throw new Error(`bad environment name ${k}`)
    return `${k}=${quoteArg(v)}`
  })
  const command = [...assignments, buildCommand(argv)].join(' ')
  if (secret && (!/^[A-Z_][A-Z0-9_]*$/.test(secret.name) || /[\r\n]/.test(secret.value))) {
    throw new Error('a secret is one line, for an environment name')
  }
  const readSecret = secret ? `IFS= read -r ${secret.name} <&3; export ${secret.name}; ` : ''
  // The remote process must end when we stop reading: closing the channel alone leaks a quiet
  // process (tail -F), and signals are ignored for some logins. So the command runs in the
  // background and a watcher kills it when our stdin reaches EOF. The channel's stdin is kept
  // on fd 3 first: a background list's own stdin is /dev/null in a shell without job control.
  // The watcher kills the whole process group (sshd made the login shell its leader; without
  // job control every process of the command is in it), not only the command: a pipeline's
  // other stages (`tail | gzip`, a `zgrep` that finds nothing and never writes) must end too.
  return (
    `exec 3<&0; ${readSecret}${command} 3<&- & p=$!; ` +
    `(cat <&3 >/dev/null 2>&1; kill 0 2>/dev/null) >/dev/null 2>&1 & exec 3<&-; wait $p`
  )
}
