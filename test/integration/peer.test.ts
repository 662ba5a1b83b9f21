// Files other projects wrote for their own tests (../shared/peer, origins in its README): the
// workbench must read them as the reference tools do. Read from there, never copied here.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { APP_ROOT } from '../harness/app'
import { cliRunner } from '../harness/cli'
import { tempDir } from '../harness/process'

const PEER = join(APP_ROOT, '..', 'shared', 'peer')

describe('peer files', () => {
  const home = tempDir('peer-home')
  const twb = cliRunner(home.path)
  const stats = (file: string): Record<string, unknown> => {
    const r = twb('logs', 'stats', join(PEER, file), '--json')
    expect(r.err).toBe('')
    return JSON.parse(r.out) as Record<string, unknown>
  }

  it('reads CRLF logs as their LF twins: detection, counts, times', () => {
    // loghub's Apache_2k.log has CRLF line ends: 2,000 Apache error entries (0 read before).
    const crlf = stats('loghub/Apache_2k.log')
    expect(crlf).toMatchObject({ format: 'apache-error', entries: 2000, raw: 0 })
    expect(crlf).toEqual(stats('loghub/Apache_2k.lf.log'))
    // lnav's access log with CRLF line ends, against the original.
    const access = stats('lnav/access_crlf.derived.log')
    expect(access).toMatchObject({ format: 'combined', lines: 3, parsed: 3 })
    expect(access).toEqual(stats('lnav/logfile_access_log.0'))
  })
})
