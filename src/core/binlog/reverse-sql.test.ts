import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseBinlogText } from './mysqlbinlog-text'
import { reverseSql, reverseSqlOf } from './reverse-sql'

const B2 = readFileSync(
  new URL('../../../test/fixtures/mysqlbinlog/mariadb-bin.000002.vv.txt', import.meta.url),
  'utf8',
)
const events = parseBinlogText(B2).events

describe('reverse SQL', () => {
  it('puts the rogue admin e-mail back, changing only what changed', () => {
    const rogue = events.find((e) => e.gtid === '0-1-491' && e.type === 'update')!
    expect(reverseSql(rogue, ['option_id', 'option_name', 'option_value', 'autoload'])).toEqual([
      "UPDATE `shopdb`.`shop_options` SET `option_value` = 'shopadmin@example.test' WHERE `option_id` = '6' AND `option_name` = 'admin_email' AND `option_value` = 'billing-desk@refund-payments.example' AND `autoload` = 'yes' LIMIT 1;",
    ])
  })

  it('re-inserts deleted rows and deletes inserted ones', () => {
    const del = events.find((e) => e.gtid === '0-1-504' && e.type === 'delete')!
    const sql = reverseSql(del)
    expect(sql).toHaveLength(6)
    expect(
      sql.every((s) =>
        s.startsWith('INSERT INTO `shopdb`.`shop_postmeta` (`@1`, `@2`, `@3`, `@4`) VALUES ('),
      ),
    ).toBe(true)
    const ins = events.find((e) => e.type === 'insert')!
    expect(reverseSql(ins)[0]).toMatch(/^DELETE FROM `shopdb`\.`\w+` WHERE .* LIMIT 1;$/)
  })

  it('escapes values and leaves statements without rows alone', () => {
    const e = {
      ...events.find((x) => x.type === 'update')!,
      rows: [{ before: { '@1': '1', '@2': "it's\n\\" }, after: { '@1': '1', '@2': null } }],
    }
    expect(reverseSql(e)).toEqual([
      `UPDATE \`shopdb\`.\`${e.table}\` SET \`@2\` = _utf8mb4 X'697427730A5C' WHERE \`@1\` = '1' AND \`@2\` IS NULL LIMIT 1;`,
    ])
    const quoted = {
      ...e,
      rows: [{ before: { '@1': '2', '@2': "l'été" }, after: { '@1': '2', '@2': 'x' } }],
    }
    expect(reverseSql(quoted)).toEqual([
      `UPDATE \`shopdb\`.\`${e.table}\` SET \`@2\` = 'l''été' WHERE \`@1\` = '2' AND \`@2\` = 'x' LIMIT 1;`,
    ])
    expect(reverseSql(events.find((x) => x.gtid === '0-1-510')!)).toEqual([])
  })

  it('undoes a selection newest first, in one transaction, and counts what it cannot undo', () => {
    // Three row changes and a statement (no row images), selected in any order.
    const picked = [
      ...events.filter((e) => e.rows.length > 0).slice(0, 3),
      events.find((e) => e.rows.length === 0 && e.table)!,
    ]
    const { sql, skipped } = reverseSqlOf([...picked].reverse(), () => undefined)
    expect(sql[0]).toBe('START TRANSACTION;')
    expect(sql.at(-1)).toBe('COMMIT;')
    // The newest change is undone first, whatever order the selection had.
    const rows = picked.filter((e) => e.rows.length > 0).sort((a, b) => a.pos! - b.pos!)
    expect(sql.slice(1, -1)).toEqual(rows.reverse().flatMap((e) => reverseSql(e)))
    expect(skipped).toBe(1)
    expect(reverseSqlOf([], () => undefined)).toEqual({ sql: [], skipped: 0 })
    // A string that looks like a number stays a string.
    const e = { ...picked[0]!, type: 'insert' as const }
    e.rows = [{ before: null, after: { '@1': '007' } }]
    expect(reverseSql(e)[0]).toContain("`@1` = '007'")
  })
})
