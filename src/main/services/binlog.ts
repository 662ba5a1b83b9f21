import { posix } from 'node:path'
import {
  createBinlogParser,
  headerMatches,
  matchesChange,
  type ChangeFilter,
} from '../../core/mysqlbinlog-text'
import { createLineSplitter } from '../../core/line-splitter'
import { StringDecoder } from 'node:string_decoder'
import { ServiceError } from './errors'
import type { JobContext } from './jobs'
import type { Target } from './target'

/** Matching events kept per search; past it the search goes on counting and says how many more. */
export const MAX_FOUND = 5000

/**
 * Decodes binary logs on the server with mysqlbinlog and streams the matching change events
 * (one JSON object per line) into the job. `--no-defaults` must be mysqlbinlog's first option:
 * a `default-character-set` client setting otherwise breaks it (MDEV-15835). `TZ=UTC` makes
 * the header times unambiguous. Cancelling ends the remote mysqlbinlog.
 */
export async function findChanges(
  target: Target,
  files: string[],
  filter: ChangeFilter,
  ctx: JobContext,
): Promise<void> {
  const sizes = await Promise.all(files.map(async (f) => (await target.stat(f)).size))
  const total = sizes.reduce((a, b) => a + b, 0)
  const argv = [
    'env',
    'TZ=UTC',
    'mysqlbinlog',
    '--no-defaults',
    '--base64-output=DECODE-ROWS',
    '-vv',
    ...(filter.since !== undefined ? ['--start-datetime', sqlTime(filter.since - 1)] : []),
    ...(filter.until !== undefined ? ['--stop-datetime', sqlTime(filter.until + 1)] : []),
    ...files.map((f) => target.commandPath(f)),
  ]
  let fileIndex = 0
  let found = 0
  let lastReport = 0
  const parser = createBinlogParser(
    {
      event: (e) => {
        const done = sizes.slice(0, fileIndex).reduce((a, b) => a + b, 0) + (e.endPos ?? 0)
        if (Date.now() - lastReport > 200) {
          lastReport = Date.now()
          ctx.progress(Math.min(done, total), total, `${found} found`)
        }
        if (!matchesChange(e, filter)) return
        found++
        if (found <= MAX_FOUND) ctx.push(JSON.stringify(e))
      },
      file: () => {
        fileIndex++
      },
    },
    { file: posix.basename(files[0] ?? ''), accept: (h) => headerMatches(h, filter) },
  )
  const proc = target.exec(argv, { signal: ctx.signal })
  const errors: string[] = []
  proc.stderr.on('data', (b: Buffer) => {
    if (errors.join('').length < 8192) errors.push(b.toString('utf8'))
  })
  const decoder = new StringDecoder('utf8')
  const splitter = createLineSplitter((l) => parser.line(l))
  await new Promise<void>((resolve, reject) => {
    proc.stdout.on('data', (b: Buffer) => splitter.push(decoder.write(b)))
    proc.stdout.once('end', resolve)
    proc.stdout.once('error', reject)
  })
  splitter.push(decoder.end())
  splitter.end()
  parser.end()
  const result = await proc.exit
  if (ctx.signal.aborted) return
  ctx.progress(
    total,
    total,
    found > MAX_FOUND ? `${found} found; the first ${MAX_FOUND} are listed` : `${found} found`,
  )
  const text = errors.join('').trim()
  if (result.code === 127 || /not found/.test(text)) {
    throw new ServiceError(
      'MISSING_TOOL',
      'This server has no mysqlbinlog: install mariadb-client (or mysql-client) where the binary logs are, or decode them elsewhere with "twb binlog events".',
    )
  }
  if (result.code !== 0) {
    // What was decoded before the failure stays listed.
    const reason = /Permission denied/i.test(text)
      ? 'permission denied: the login cannot read these binary logs'
      : /unknown (variable|option)/i.test(text)
        ? `mysqlbinlog refused an option (${text.split('\n')[0]})`
        : text.split('\n').slice(0, 3).join(' ') || `exit code ${result.code}`
    throw new ServiceError(
      'IO',
      `mysqlbinlog stopped: ${reason}. The events decoded so far are kept.`,
    )
  }
}

function sqlTime(epoch: number): string {
  return new Date(epoch * 1000).toISOString().slice(0, 19).replace('T', ' ')
}
