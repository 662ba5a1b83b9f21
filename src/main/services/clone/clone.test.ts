import { Readable } from 'node:stream'
import { text } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import { compareTables, createDumpFixer } from '.'

const fix = async (sql: string, chunk = 7): Promise<string> => {
  const parts: string[] = []
  for (let i = 0; i < sql.length; i += chunk) parts.push(sql.slice(i, i + chunk))
  return text(Readable.from(parts.map((p) => Buffer.from(p))).pipe(createDumpFixer()))
}

describe('dump fixer', () => {
  it('removes DEFINER clauses from views, triggers, routines and events', async () => {
    const sql = [
      '/*!50013 DEFINER=`shop`@`127.0.0.1` SQL SECURITY DEFINER */',
      '/*!50003 CREATE*/ /*!50017 DEFINER=`shop`@`%`*/ /*!50003 TRIGGER t BEFORE INSERT ON p FOR EACH ROW SET NEW.a = 1 */;;',
      "CREATE DEFINER='root'@'localhost' PROCEDURE p() SELECT 1",
      '/*!50106 CREATE*/ /*!50117 DEFINER=`u`@`h`*/ /*!50106 EVENT `e` ON SCHEDULE EVERY 1 DAY DO SELECT 1 */ ;;',
      '',
    ].join('\n')
    const out = await fix(sql)
    expect(out).not.toContain('DEFINER=')
    expect(out).toContain('SQL SECURITY DEFINER')
    expect(out).toContain('TRIGGER t BEFORE INSERT')
    expect(out).toContain('CREATE  PROCEDURE p()')
  })

  it('leaves data alone, and drops the sandbox line of newer mariadb-dump', async () => {
    const sql =
      "/*M!999999\\- enable the sandbox mode */\n-- MariaDB dump\nINSERT INTO `o` VALUES (1,'DEFINER=`x`@`y`');\n"
    expect(await fix(sql, 3)).toBe(
      "-- MariaDB dump\nINSERT INTO `o` VALUES (1,'DEFINER=`x`@`y`');\n",
    )
  })
})

describe('table comparison', () => {
  it('names missing, extra, recounted and changed tables', () => {
    const src = new Map([
      ['a', { rows: 1, checksum: '10' }],
      ['b', { rows: 2, checksum: '20' }],
      ['c', { rows: 3, checksum: '30' }],
    ])
    const dst = new Map([
      ['a', { rows: 1, checksum: '10' }],
      ['b', { rows: 2, checksum: '21' }],
      ['d', { rows: 0, checksum: '0' }],
    ])
    expect(compareTables(src, dst)).toEqual([
      'b: same row count, different content (CHECKSUM TABLE)',
      'c: missing at the destination',
      'd: only at the destination',
    ])
    expect(compareTables(src, new Map(src))).toEqual([])
  })
})
