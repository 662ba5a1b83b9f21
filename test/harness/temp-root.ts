// Every test run's temporary files under one folder of its own, removed at the end of the run:
// the tests' own temp folders (mkdtemp in the system's temp folder, daemons' state, browsers'
// profiles) no longer pile up in /tmp run after run. The workers inherit TMPDIR. One folder for
// the whole run (each project's setup runs in the same process), short: Unix socket paths
// (Chromium's, sshd's) must stay under 108 bytes.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export default function setup(): () => void {
  if (process.env.TWB_TEST_TMP) return () => undefined
  const root = mkdtempSync(join(tmpdir(), 'twb-'))
  // Traversable by the other users the tests run daemons as (its folders stay 0700 each).
  chmodSync(root, 0o755)
  const before = process.env.TMPDIR
  process.env.TMPDIR = root
  process.env.TWB_TEST_TMP = root
  return () => {
    if (before === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = before
    delete process.env.TWB_TEST_TMP
    rmSync(root, { recursive: true, force: true })
  }
}
