// Clone reports, saved as JSON in the data folder and listed newest first.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { CloneReport } from '../../../shared/clone'

/** Reports are kept as JSON files in `<data dir>/clones/`, newest first when listed. */
export function saveCloneReport(dataDir: string, report: CloneReport): string {
  const dir = join(dataDir, 'clones')
  mkdirSync(dir, { recursive: true })
  const name = `${report.startedAt.replace(/[:.]/g, '-')}-${report.source.server.replace(/[^\w.-]+/g, '_')}.json`
  const file = join(dir, name)
  writeFileSync(file, JSON.stringify(report, null, 2) + '\n')
  return file
}

export function listCloneReports(
  dataDir: string,
  server: string,
): (CloneReport & { file: string })[] {
  const dir = join(dataDir, 'clones')
  let names: string[]
  try {
    names = readdirSync(dir).filter((n) => n.endsWith('.json'))
  } catch {
    return []
  }
  const out: (CloneReport & { file: string })[] = []
  for (const n of names.sort().reverse()) {
    try {
      const r = JSON.parse(readFileSync(join(dir, n), 'utf8')) as CloneReport
      if (r.source?.server === server) out.push({ ...r, file: join(dir, n) })
    } catch {
      // a damaged report is skipped, the others still list
    }
  }
  return out
}
