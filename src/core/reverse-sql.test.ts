import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseBinlogText } from './mysqlbinlog-text'
import { reverseSql } from './reverse-sql'

const B2 = readFileSync(
  new URL('../../test/fixtures/mysqlbinlog/mariadb-bin.000002.vv.txt', import.meta.url),
  'utf8',
)
const events = parseBinlogText(B2).events

describe('reverse SQL', () => {
  it('puts the rogue admin e-mail back, changing only what changed', () => {
    const rogue = events.find((e) => e.gtid === '0-1-491' && e.type === 'update')!
    expect(reverseSql(rogue, ['option_id', 'option_name', 'option_value', 'autoload'])).toEqual([
      "UPDATE `shopdb`.`shop_options` SET `option_value` = 'shopadmin@example.test' WHERE `option_id` = 6 AND `option_name` = 'admin_email' AND `option_value` = 'billing-desk@refund-payments.example' AND `autoload` = 'yes' LIMIT 1;",
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
      `UPDATE \`shopdb\`.\`${e.table}\` SET \`@2\` = 'it\\'s\\n\\\\' WHERE \`@1\` = 1 AND \`@2\` IS NULL LIMIT 1;`,
    ])
    expect(reverseSql(events.find((x) => x.gtid === '0-1-510')!)).toEqual([])
  })
})
