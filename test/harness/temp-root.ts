// Every test run's temporary files under one folder of its own, removed at the end of the run:
// the tests' own temp folders (mkdtemp in the system's temp folder, daemons' state, browsers'
// profiles) no longer pile up in /tmp run after run. The workers inherit TMPDIR.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'twb-run-'))
  // Traversable by the other users the tests run daemons as (its folders stay 0700 each).
  chmodSync(root, 0o755)
  const before = process.env.TMPDIR
  process.env.TMPDIR = root
  return () => {
    if (before === undefined) delete process.env.TMPDIR
    else process.env.TMPDIR = before
    rmSync(root, { recursive: true, force: true })
  }
}
