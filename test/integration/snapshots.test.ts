// Safety snapshots (issue #23) on a real sshd and two real MariaDBs: taken twice, the second
// shares every unchanged file with the first (hard links: the same inode) and copies only what
// changed; one table of the first restored into another database, its rows as they were then.
import { readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SiteSnapshot } from '../../src/shared/api'
import { addTestServer, cliRunner } from '../harness/cli'
import { startMariadb, type TestMariadb } from '../harness/mariadb'
import { tempDir } from '../harness/process'
import { startSshd, type TestSshd } from '../harness/sshd'

describe('safety snapshots', () => {
  let sshd: TestSshd
  let source: TestMariadb
  let dest: TestMariadb
  const site = tempDir('snapshot-site')
  const home = tempDir('snapshot-home')
  const twb = cliRunner(home.path)
  const snapshots = join(home.path, 'site-snapshots', 'Shop')

  beforeAll(async () => {
    ;[sshd, source, dest] = await Promise.all([startSshd(), startMariadb(), startMariadb()])
    source.sql(
      "CREATE DATABASE shop; CREATE USER 'shop'@'127.0.0.1' IDENTIFIED BY 'Sh0p-pass'; GRANT ALL ON shop.* TO 'shop'@'127.0.0.1';",
    )
    source.sql(
      "CREATE TABLE wp_options (id INT PRIMARY KEY, v TEXT); INSERT INTO wp_options VALUES (1, 'before'), (2, 'kept'); CREATE TABLE wp_posts (id INT PRIMARY KEY, t TEXT); INSERT INTO wp_posts VALUES (1, 'post');",
      'shop',
    )
    dest.sql(
      "CREATE DATABASE restored; CREATE USER 'r'@'127.0.0.1' IDENTIFIED BY 'R-pass'; GRANT ALL ON restored.* TO 'r'@'127.0.0.1';",
    )
    writeFileSync(
      join(site.path, 'wp-config.php'),
      `<?php\ndefine('DB_NAME', 'shop');\ndefine('DB_USER', 'shop');\ndefine('DB_PASSWORD', 'Sh0p-pass');\ndefine('DB_HOST', '127.0.0.1:${source.port}');\n$table_prefix = 'wp_';\n`,
    )
    writeFileSync(join(site.path, 'index.php'), "<?php require 'wp-blog-header.php';\n")
    writeFileSync(join(site.path, 'theme.css'), 'body { color: red }\n'.repeat(5000))
    expect(addTestServer(twb, 'Shop', sshd, '--root', site.path).code).toBe(0)
    expect(twb('server', 'trust', 'Shop', '--yes').code).toBe(0)
  }, 180_000)

  afterAll(async () => {
    await Promise.all([sshd?.stop(), source?.stop(), dest?.stop()])
    site.remove()
    home.remove()
  })

  it('takes two snapshots, the second a hard link for each unchanged file', () => {
    const first = twb('snapshot', 'take', 'Shop', '--json')
    expect(first.code, first.err).toBe(0)
    const a = JSON.parse(first.out) as SiteSnapshot
    expect(a.linkedTo).toBeNull()
    expect(a.database).toBe('shop')
    expect(a.tables.sort()).toEqual(['wp_options', 'wp_posts'])
    // The deploy changes a file and a row; the second snapshot copies only that file.
    writeFileSync(
      join(site.path, 'index.php'),
      "<?php // deployed\nrequire 'wp-blog-header.php';\n",
    )
    source.sql("UPDATE wp_options SET v = 'after' WHERE id = 1", 'shop')
    source.sql('ALTER TABLE wp_posts ADD COLUMN views INT', 'shop')
    const second = twb('snapshot', 'take', 'Shop', '--json')
    expect(second.code, second.err).toBe(0)
    const b = JSON.parse(second.out) as SiteSnapshot
    expect(b.linkedTo).toBe(a.id)
    expect(b.transferred).toBeLessThan(200)
    const inode = (id: string, file: string): number =>
      statSync(join(snapshots, id, 'files', file)).ino
    expect(inode(b.id, 'theme.css')).toBe(inode(a.id, 'theme.css'))
    expect(inode(b.id, 'wp-config.php')).toBe(inode(a.id, 'wp-config.php'))
    expect(inode(b.id, 'index.php')).not.toBe(inode(a.id, 'index.php'))
    expect(readFileSync(join(snapshots, a.id, 'files', 'index.php'), 'utf8')).not.toContain(
      'deployed',
    )
    expect(statSync(join(snapshots, a.id, 'files', 'theme.css')).nlink).toBe(2)
    const list = JSON.parse(twb('snapshot', 'list', 'Shop', '--json').out) as SiteSnapshot[]
    expect(list.map((s) => s.id)).toEqual([b.id, a.id])
  }, 120_000)

  it('restores one table of the first snapshot into another database', () => {
    const [, a] = JSON.parse(twb('snapshot', 'list', 'Shop', '--json').out) as SiteSnapshot[]
    const url = `mysql://r:R-pass@127.0.0.1:${dest.port}/restored`
    const refused = twb(
      'snapshot',
      'restore',
      'Shop',
      a!.id,
      '--table',
      'wp_options',
      '--db-to',
      url,
    )
    expect(refused.code).toBe(2) // not without --yes
    process.env.TWB_TEST_RESTORE = url
    const r = twb(
      'snapshot',
      'restore',
      'Shop',
      a!.id,
      '--table',
      'wp_options',
      '--db-to-env',
      'TWB_TEST_RESTORE',
      '--yes',
    )
    expect(r.code, r.err).toBe(0)
    expect(r.out).toContain('Restored wp_options')
    expect(dest.sql('SELECT id, v FROM wp_options ORDER BY id', 'restored').trim()).toBe(
      '1\tbefore\n2\tkept',
    )
    // Only that table.
    expect(dest.sql('SHOW TABLES', 'restored').trim()).toBe('wp_options')
    const missing = twb(
      'snapshot',
      'restore',
      'Shop',
      a!.id,
      '--table',
      'nope',
      '--db-to-env',
      'TWB_TEST_RESTORE',
      '--yes',
    )
    expect(missing.code).toBe(1)
    expect(missing.err).toContain('has no table nope')
  }, 120_000)

  it('compares two snapshots, and puts one file back on the server', () => {
    const [b, a] = JSON.parse(twb('snapshot', 'list', 'Shop', '--json').out) as SiteSnapshot[]
    const c = JSON.parse(twb('snapshot', 'compare', 'Shop', a!.id, b!.id, '--json').out) as {
      files: { added: string[]; removed: string[]; changed: string[]; same: number }
      tables: { added: string[]; removed: string[]; changed: string[] }
    }
    expect(c.files).toEqual({ added: [], removed: [], changed: ['index.php'], same: 2 })
    // The ALTER between them; the UPDATE is data, not structure.
    expect(c.tables).toEqual({ added: [], removed: [], changed: ['wp_posts'] })
    // The deploy's index.php replaced by the first snapshot's: a production, so confirmed.
    const refused = twb('snapshot', 'restore', 'Shop', a!.id, '--file', 'index.php')
    expect(refused.code).not.toBe(0)
    expect(refused.err).toContain('production server: confirm the file restore first')
    expect(readFileSync(join(site.path, 'index.php'), 'utf8')).toContain('deployed')
    const r = twb(
      'snapshot',
      'restore',
      'Shop',
      a!.id,
      '--file',
      'index.php',
      '--confirm-production',
    )
    expect(r.code, r.err).toBe(0)
    expect(readFileSync(join(site.path, 'index.php'), 'utf8')).toBe(
      "<?php require 'wp-blog-header.php';\n",
    )
    // Nothing else there touched; a path out of the snapshot refused.
    expect(readFileSync(join(site.path, 'theme.css'), 'utf8')).toContain('color: red')
    const out = twb(
      'snapshot',
      'restore',
      'Shop',
      a!.id,
      '--file',
      '../snapshot.json',
      '--confirm-production',
    )
    expect(out.err).toContain('is not a path inside the snapshot')
  }, 120_000)

  it('prunes all but the newest snapshots', () => {
    const r = twb('snapshot', 'take', 'Shop', '--keep', '1', '--json')
    expect(r.code, r.err).toBe(0)
    const c = JSON.parse(r.out) as SiteSnapshot & { pruned: string[] }
    expect(c.pruned).toHaveLength(2)
    const list = JSON.parse(twb('snapshot', 'list', 'Shop', '--json').out) as SiteSnapshot[]
    expect(list.map((s) => s.id)).toEqual([c.id])
    // Its files survive the pruning of the snapshot they were linked to.
    expect(readFileSync(join(snapshots, c.id, 'files', 'theme.css'), 'utf8')).toContain(
      'color: red',
    )
  }, 120_000)
})
