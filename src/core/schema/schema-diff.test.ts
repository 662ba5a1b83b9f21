import { describe, expect, it } from 'vitest'
import type { SchemaSnapshot, TableSnap } from '../../shared/schema'
import { diffSchemas, isNarrowing } from './schema-diff'

const table = (over: Partial<TableSnap> = {}): TableSnap => ({
  engine: 'InnoDB',
  collation: 'utf8mb4_unicode_520_ci',
  rowFormat: 'Dynamic',
  rows: 10,
  createSql: 'CREATE TABLE `t` (\n  `id` int(11) NOT NULL,\n  PRIMARY KEY (`id`)\n)',
  columns: [
    {
      name: 'id',
      ordinal: 1,
      type: 'int(11)',
      nullable: false,
      default: null,
      extra: '',
      collation: null,
    },
  ],
  indexes: [
    { name: 'PRIMARY', unique: true, kind: 'BTREE', columns: [{ name: 'id', subPart: null }] },
  ],
  foreignKeys: [],
  ...over,
})

const snap = (
  tables: Record<string, TableSnap>,
  extra: Partial<SchemaSnapshot> = {},
): SchemaSnapshot => ({
  version: 1,
  takenAt: '2026-11-28T13:00:00Z',
  server: null,
  database: 'db',
  tables,
  views: {},
  triggers: {},
  ...extra,
})

describe('schema diff', () => {
  it('knows which type changes narrow a column', () => {
    expect(isNarrowing('varchar(100)', 'varchar(50)')).toBe(true)
    expect(isNarrowing('varchar(50)', 'varchar(100)')).toBe(false)
    expect(isNarrowing('bigint(20) unsigned', 'int(11) unsigned')).toBe(true)
    expect(isNarrowing('int(11)', 'bigint(20)')).toBe(false)
    expect(isNarrowing('longtext', 'text')).toBe(true)
    expect(isNarrowing('decimal(10,2)', 'decimal(10,1)')).toBe(true)
    expect(isNarrowing('text', 'varchar(255)')).toBe(true)
  })

  it('finds nothing between equal snapshots, and flags emptied tables, engines, triggers and views', () => {
    expect(diffSchemas(snap({ t: table() }), snap({ t: table() }))).toEqual([])
    const changes = diffSchemas(
      snap(
        { t: table() },
        {
          views: { v: 'select 1' },
          triggers: {
            trg: { table: 't', timing: 'BEFORE', event: 'INSERT', statement: 'SET NEW.id = 1' },
          },
        },
      ),
      snap({ t: table({ rows: 0, engine: 'MyISAM' }) }, { views: { v: 'select 2' } }),
    )
    // Critical first, then warnings, then information; by table within a level.
    expect(changes.map((c) => [c.severity, c.kind])).toEqual([
      ['warning', 'view-changed'],
      ['warning', 'engine-changed'],
      ['warning', 'table-emptied'],
      ['warning', 'trigger-dropped'],
    ])
  })

  it('treats a changed primary key as critical, with SQL to put it back', () => {
    const before = table()
    const after = table({
      indexes: [
        {
          name: 'PRIMARY',
          unique: true,
          kind: 'BTREE',
          columns: [
            { name: 'id', subPart: null },
            { name: 'x', subPart: null },
          ],
        },
      ],
    })
    const [c] = diffSchemas(snap({ t: before }), snap({ t: after }))
    expect(c).toMatchObject({
      severity: 'critical',
      kind: 'primary-key-changed',
      restore: 'ALTER TABLE `t` DROP PRIMARY KEY, ADD PRIMARY KEY (`id`);',
    })
  })
})
