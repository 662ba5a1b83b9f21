import { mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { SchemaSnapshot } from '../../../shared/schema'
import { ServiceError } from '../platform'

export interface SnapshotInfo {
  id: string
  takenAt: string
  database: string
  tables: number
}

const safe = (s: string): string => s.replace(/[^A-Za-z0-9._-]+/g, '_')

/** Schema snapshots kept locally, per server and database: `<data dir>/snapshots/<server>/<db>/`. */
export class SnapshotStore {
  constructor(private readonly dataDir: string) {}

  private dir(server: string, database: string): string {
    return join(this.dataDir, 'snapshots', safe(server), safe(database))
  }

  async save(server: string, snap: SchemaSnapshot): Promise<SnapshotInfo> {
    const dir = this.dir(server, snap.database)
    await mkdir(dir, { recursive: true, mode: 0o700 })
    const id = `${snap.database}/${snap.takenAt.replace(/[:.]/g, '-')}`
    const file = join(dir, `${snap.takenAt.replace(/[:.]/g, '-')}.json`)
    await writeFile(`${file}.tmp`, JSON.stringify(snap), { mode: 0o600 })
    await rename(`${file}.tmp`, file)
    return {
      id,
      takenAt: snap.takenAt,
      database: snap.database,
      tables: Object.keys(snap.tables).length,
    }
  }

  /** Newest first. */
  async list(server: string): Promise<SnapshotInfo[]> {
    const root = join(this.dataDir, 'snapshots', safe(server))
    const out: SnapshotInfo[] = []
    let dbs: string[]
    try {
      dbs = await readdir(root)
    } catch {
      return []
    }
    for (const db of dbs) {
      for (const name of (await readdir(join(root, db))).filter((n) => n.endsWith('.json'))) {
        try {
          const snap = JSON.parse(await readFile(join(root, db, name), 'utf8')) as SchemaSnapshot
          out.push({
            id: `${db}/${name.slice(0, -5)}`,
            takenAt: snap.takenAt,
            database: snap.database,
            tables: Object.keys(snap.tables).length,
          })
        } catch {
          // a damaged snapshot file is skipped, the others still listed
        }
      }
    }
    return out.sort((a, b) => (a.takenAt < b.takenAt ? 1 : -1))
  }

  async read(server: string, id: string): Promise<SchemaSnapshot> {
    const [db, name] = id.split('/')
    if (!db || !name || id.includes('..'))
      throw new ServiceError('BAD_REQUEST', `"${id}" is not a snapshot id.`)
    try {
      return JSON.parse(
        await readFile(
          join(this.dataDir, 'snapshots', safe(server), safe(db), `${safe(name)}.json`),
          'utf8',
        ),
      ) as SchemaSnapshot
    } catch {
      throw new ServiceError('NOT_FOUND', `The snapshot ${id} is missing or damaged.`)
    }
  }
}
