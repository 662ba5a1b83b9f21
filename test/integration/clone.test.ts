// Clone a WordPress site from a real sshd + MariaDB to a local folder and a second MariaDB:
// files by rsync over the system ssh, database by mysqldump on the server, then verification.
import { execFileSync, spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { APP_ROOT } from '../harness/app'
import { addServerArgs, addTestServer, cliRunner, cliRunnerAsync } from '../harness/cli'
import { LINKS, startShaper } from '../harness/shaper'
import { startMariadb, type TestMariadb } from '../harness/mariadb'
import { tempDir } from '../harness/process'
import { startSshd, type TestSshd } from '../harness/sshd'

const SCHEMA = `
CREATE TABLE wp_options (option_id bigint unsigned NOT NULL AUTO_INCREMENT, option_name varchar(191) NOT NULL, option_value longtext NOT NULL, PRIMARY KEY (option_id), UNIQUE KEY (option_name)) ENGINE=InnoDB;
CREATE TABLE wp_posts (ID bigint unsigned NOT NULL AUTO_INCREMENT, post_title text NOT NULL, thumb blob, post_content longtext, guid varchar(255) NOT NULL DEFAULT '', PRIMARY KEY (ID)) ENGINE=InnoDB;
CREATE TABLE wp_postmeta (meta_id bigint unsigned NOT NULL AUTO_INCREMENT, post_id bigint unsigned NOT NULL, meta_key varchar(255), meta_value longtext, PRIMARY KEY (meta_id)) ENGINE=InnoDB;
INSERT INTO wp_options (option_name, option_value) VALUES ('siteurl', 'https://shop.example.test'), ('home', 'https://shop.example.test'), ('admin_email', 'owner@example.test');
CREATE DEFINER='shop'@'127.0.0.1' VIEW wp_published AS SELECT ID, post_title FROM wp_posts;
CREATE DEFINER='shop'@'127.0.0.1' TRIGGER wp_posts_title BEFORE INSERT ON wp_posts FOR EACH ROW SET NEW.post_title = TRIM(NEW.post_title);
CREATE DEFINER='shop'@'127.0.0.1' PROCEDURE wp_count_posts() SELECT COUNT(*) FROM wp_posts;
`

/** Every file under a folder with its SHA-256: the source must not change. */
function treeHash(dir: string): Record<string, string> {
  const out: Record<string, string> = {}
  const walk = (d: string): void => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, name.name)
      if (name.isDirectory()) walk(p)
      else out[relative(dir, p)] = createHash('sha256').update(readFileSync(p)).digest('hex')
    }
  }
  walk(dir)
  return out
}

describe('twb clone', () => {
  let sshd: TestSshd
  let source: TestMariadb
  let dest: TestMariadb
  const site = tempDir('clone-site')
  const home = tempDir('clone-home')
  const out = tempDir('clone-out')
  const twb = cliRunner(home.path)
  let destUrl = ''
  const sourceState = (): { files: Record<string, string>; tables: string } => ({
    files: treeHash(site.path),
    tables: source.sql('CHECKSUM TABLE wp_options, wp_posts, wp_postmeta', 'shop'),
  })
  let before: ReturnType<typeof sourceState>

  beforeAll(async () => {
    ;[sshd, source, dest] = await Promise.all([startSshd(), startMariadb(), startMariadb()])
    source.sql(
      "CREATE DATABASE shop; CREATE USER 'shop'@'127.0.0.1' IDENTIFIED BY 'Sh0p-pass'; GRANT ALL ON shop.* TO 'shop'@'127.0.0.1';",
    )
    // The site's own user made its views, triggers and routines, as on a real host.
    source.sql(SCHEMA, 'shop')
    const rows = Array.from(
      { length: 2000 },
      (_, i) => `('  Post ${i} é  ', ${i % 3 ? `X'${randomBytes(16).toString('hex')}'` : 'NULL'})`,
    )
    source.sql(`INSERT INTO wp_posts (post_title, thumb) VALUES ${rows.join(',')}`, 'shop')
    source.sql(
      "INSERT INTO wp_postmeta (post_id, meta_key, meta_value) SELECT ID, '_price', CONCAT(ID, '.90') FROM wp_posts",
      'shop',
    )
    dest.sql(
      "CREATE DATABASE shopcopy; CREATE USER 'copy'@'127.0.0.1' IDENTIFIED BY 'C0py-pass'; GRANT ALL ON shopcopy.* TO 'copy'@'127.0.0.1';",
    )
    destUrl = `mysql://copy:C0py-pass@127.0.0.1:${dest.port}/shopcopy`
    // The destination logs binary changes (like the host's): triggers need this to import
    // without SUPER.
    dest.sql('SET GLOBAL log_bin_trust_function_creators = 1')
    writeFileSync(
      join(site.path, 'wp-config.php'),
      `<?php\ndefine('DB_NAME', 'shop');\ndefine('DB_USER', 'shop');\ndefine('DB_PASSWORD', 'Sh0p-pass');\ndefine('DB_HOST', '127.0.0.1:${source.port}');\n$table_prefix = 'wp_';\n`,
    )
    writeFileSync(join(site.path, 'index.php'), "<?php require 'wp-blog-header.php';\n")
    mkdirSync(join(site.path, 'wp-content', 'uploads', '2026'), { recursive: true })
    mkdirSync(join(site.path, 'wp-content', 'cache'), { recursive: true })
    writeFileSync(
      join(site.path, 'wp-content', 'uploads', '2026', 'shoe.jpg'),
      randomBytes(200_000),
    )
    writeFileSync(join(site.path, 'wp-content', 'cache', 'page.html'), '<html>cached</html>')
    writeFileSync(join(site.path, 'wp-content', 'backup.zip'), randomBytes(12 << 20))
    expect(addTestServer(twb, 'Shop', sshd, '--root', site.path).code).toBe(0)
    expect(twb('server', 'trust', 'Shop', '--yes').code).toBe(0)
    before = sourceState()
  })

  afterAll(async () => {
    await Promise.all([sshd?.stop(), source?.stop(), dest?.stop()])
    site.remove()
    home.remove()
    out.remove()
  })

  it('copies the files (caches skipped) and the database into another MariaDB', () => {
    const to = join(out.path, 'site')
    // The URL with its password from a variable: not on the command line (ps, history).
    process.env.TWB_TEST_DB = destUrl
    expect(twb('clone', 'Shop', '--to', to, '--db-to-env', 'TWB_UNSET_DB').code).toBe(2)
    expect(
      twb('clone', 'Shop', '--to', to, '--db-to', destUrl, '--db-to-env', 'TWB_TEST_DB').code,
    ).toBe(2)
    const r = twb('clone', 'Shop', '--to', to, '--db-to-env', 'TWB_TEST_DB', '--json')
    expect(r.err).not.toMatch(/twb:/)
    expect(r.code).toBe(0)
    const report = JSON.parse(r.out) as {
      files: { files: number; bytes: number }
      database: { tables: number; into: string }
      excluded: string[]
      report: string
      source: { cms: string }
    }
    expect(report.source.cms).toBe('wordpress')
    expect(report.excluded).toContain('/wp-content/cache/')
    expect(report.database.tables).toBe(3)
    expect(existsSync(report.report)).toBe(true)
    expect(readFileSync(join(to, 'wp-content/uploads/2026/shoe.jpg'))).toEqual(
      readFileSync(join(site.path, 'wp-content/uploads/2026/shoe.jpg')),
    )
    expect(existsSync(join(to, 'wp-content/cache/page.html'))).toBe(false)
    expect(dest.sql('SELECT COUNT(*) FROM wp_posts', 'shopcopy').trim()).toBe('2000')
    // The view, trigger and procedure import under the destination user (DEFINERs removed).
    expect(dest.sql('SELECT COUNT(*) FROM wp_published', 'shopcopy').trim()).toBe('2000')
    expect(dest.sql('SHOW TRIGGERS', 'shopcopy')).toContain('wp_posts_title')
    expect(
      dest.sql(
        "SELECT DEFINER FROM information_schema.ROUTINES WHERE ROUTINE_NAME = 'wp_count_posts'",
      ),
    ).toContain('copy@')
    expect(
      dest
        .sql("SELECT option_value FROM wp_options WHERE option_name = 'admin_email'", 'shopcopy')
        .trim(),
    ).toBe('owner@example.test')
  })

  it('verifies the copy: same files by checksum, same tables by count and CHECKSUM TABLE', () => {
    const r = twb(
      'clone',
      'verify',
      'Shop',
      '--to',
      join(out.path, 'site'),
      '--db-to',
      destUrl,
      '--json',
    )
    expect(r.code).toBe(0)
    expect(JSON.parse(r.out)).toEqual({
      files: { checked: expect.any(Number), differences: [] },
      tables: { checked: 3, differences: [] },
    })
  })

  it('catches one changed file and one changed row at the destination', () => {
    const to = join(out.path, 'site')
    writeFileSync(join(to, 'index.php'), "<?php require 'wp-blog-header.php'; // edited\n")
    dest.sql(
      "UPDATE wp_options SET option_value = 'intruder@example.test' WHERE option_name = 'admin_email'",
      'shopcopy',
    )
    const r = twb('clone', 'verify', 'Shop', '--to', to, '--db-to-env', 'TWB_TEST_DB', '--json')
    expect(r.code).toBe(1)
    const v = JSON.parse(r.out) as {
      files: { differences: string[] }
      tables: { differences: string[] }
    }
    expect(v.files.differences).toEqual(['index.php'])
    expect(v.tables.differences).toEqual([
      'wp_options: same row count, different content (CHECKSUM TABLE)',
    ])
  })

  it('writes the database as a .sql.gz dump, checked for every table and its trailer', () => {
    const to = join(out.path, 'site2')
    const dump = join(out.path, 'shop.sql.gz')
    const r = twb('clone', 'Shop', '--to', to, '--db-dump', dump, '--exclude-images')
    expect(r.code).toBe(0)
    expect(r.out).toContain('Database: 3 tables')
    expect(existsSync(join(to, 'wp-content/uploads'))).toBe(false)
    const sql = gunzipSync(readFileSync(dump)).toString('utf8')
    expect(sql).toContain('CREATE TABLE `wp_postmeta`')
    expect(sql).not.toMatch(/DEFINER=`/)
    expect(
      twb('clone', 'verify', 'Shop', '--to', to, '--db-dump', dump, '--exclude-images').code,
    ).toBe(0)
    // Cut the dump in the middle: verification says so.
    const cut = join(out.path, 'cut.sql.gz')
    writeFileSync(cut, gzipSync(Buffer.from(sql.slice(0, sql.indexOf('CREATE TABLE `wp_posts`')))))
    const v = twb(
      'clone',
      'verify',
      'Shop',
      '--to',
      to,
      '--db-dump',
      cut,
      '--exclude-images',
      '--json',
    )
    expect(v.code).toBe(1)
    expect((JSON.parse(v.out) as { tables: { differences: string[] } }).tables.differences).toEqual(
      ['wp_posts: not in the dump', 'the dump has no "-- Dump completed" trailer: it was cut'],
    )
  })

  it('resumes an interrupted copy', async () => {
    const to = join(out.path, 'site3')
    const child = spawn(
      process.execPath,
      [join(APP_ROOT, 'bin/twb.js'), 'clone', 'Shop', '--to', to, '--bwlimit', '1500'],
      { env: { ...process.env, TWB_HOME: home.path }, stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let err = ''
    child.stderr.on('data', (b: Buffer) => (err += b.toString()))
    const partial = join(to, 'wp-content', 'backup.zip')
    // Stop it once a few MB of the 12 MB file are there.
    const until = Date.now() + 30_000
    for (;;) {
      const size = existsSync(to) ? findPartial(to) : 0
      if (size > 2 << 20 || Date.now() > until) break
      await new Promise((r) => setTimeout(r, 100))
    }
    child.kill('SIGTERM')
    const code = await new Promise<number | null>((r) => child.once('close', r))
    expect(code).toBe(1)
    expect(err).toContain('Copy cancelled: run it again to resume.')
    const kept = statSync(partial).size // --partial keeps what arrived
    expect(kept).toBeGreaterThan(1 << 20)
    expect(kept).toBeLessThan(12 << 20)
    const again = twb('clone', 'Shop', '--to', to, '--json')
    expect(again.code).toBe(0)
    expect(twb('clone', 'verify', 'Shop', '--to', to).code).toBe(0)
  })

  it('over a slow link, rsync compresses (measured, not guessed) and the copy is the same', async () => {
    const shaper = await startShaper(sshd.port, LINKS[0]!)
    try {
      // Not blocking this process: it runs the shaper the CLI goes through.
      const far = cliRunnerAsync(home.path)
      expect(
        (
          await far(
            ...addServerArgs('ShopFar', { ...sshd, port: shaper.port }, '--root', site.path),
          )
        ).code,
      ).toBe(0)
      expect((await far('server', 'trust', 'ShopFar', '--yes')).code).toBe(0)
      const to = join(out.path, 'site-far')
      const r = await far('clone', 'ShopFar', '--to', to, '--json')
      expect(r.err).not.toMatch(/twb:/)
      expect(r.code).toBe(0)
      const report = JSON.parse(r.out) as { files: { compressed: boolean; files: number } }
      expect(report.files.compressed).toBe(true)
      expect(treeHash(to)).toEqual(
        Object.fromEntries(
          Object.entries(before.files).filter(([p]) => !p.startsWith('wp-content/cache/')),
        ),
      )
      expect((await far('clone', 'verify', 'ShopFar', '--to', to)).code).toBe(0)
      // Reads forced raw (TWB_READS=sftp): rsync is not asked to compress either.
      const raw = await cliRunnerAsync(home.path, { TWB_READS: 'sftp' })(
        'clone',
        'ShopFar',
        '--to',
        to,
        '--json',
      )
      expect(raw.code).toBe(0)
      expect((JSON.parse(raw.out) as { files: { compressed: boolean } }).files.compressed).toBe(
        false,
      )
    } finally {
      await shaper.stop()
    }
  })

  it('rewrites the site URL in the copy, after a review, keeping serialized values valid', () => {
    const to = join(out.path, 'site4')
    dest.sql('DROP DATABASE shopcopy; CREATE DATABASE shopcopy', '')
    expect(twb('clone', 'Shop', '--to', to, '--db-to', destUrl).code).toBe(0)
    // Content the copy holds: a link in a post (and its guid), and a serialized widget whose
    // string lengths are in UTF-8 bytes.
    const text = "<a href='https://shop.example.test/sale'>Sale</a>"
    const ser = (v: string): string => `s:${Buffer.byteLength(v)}:"${v}";`
    const widget = `a:1:{i:2;a:2:{${ser('title')}${ser('Promo é')}${ser('text')}${ser(text)}}}`
    const hex = (v: string): string => `X'${Buffer.from(v).toString('hex')}'`
    dest.sql(
      `INSERT INTO wp_options (option_name, option_value) VALUES ('widget_text', ${hex(widget)}); INSERT INTO wp_posts (post_title, post_content, guid) VALUES ('Sale', ${hex(`See ${text}`)}, 'https://shop.example.test/?p=1')`,
      'shopcopy',
    )
    const args = [
      '--db-to',
      destUrl,
      '--from',
      'https://shop.example.test',
      '--to',
      'http://localhost:8080',
    ]
    const review = twb('clone', 'rewrite-url', ...args, '--json')
    expect(review.code).toBe(0)
    const plan = JSON.parse(review.out) as {
      applied: boolean
      columns: { table: string; column: string; rows: number }[]
    }
    expect(plan.applied).toBe(false)
    expect(plan.columns.map((c) => [c.table, c.column, c.rows])).toEqual([
      ['wp_options', 'option_value', 3],
      ['wp_posts', 'post_content', 1],
    ])
    const option = (name: string): string =>
      dest
        .sql(`SELECT option_value FROM wp_options WHERE option_name = '${name}'`, 'shopcopy')
        .trim()
    expect(option('home')).toBe('https://shop.example.test') // a review writes nothing
    expect(twb('clone', 'rewrite-url', ...args, '--apply').code).toBe(0)
    expect(option('home')).toBe('http://localhost:8080')
    expect(option('siteurl')).toBe('http://localhost:8080')
    // PHP itself reads the rewritten serialized value (a plain replace would break it).
    // Read as bytes: the mariadb client would print é in its own character set.
    const widgetNow = Buffer.from(
      dest
        .sql(
          "SELECT HEX(option_value) FROM wp_options WHERE option_name = 'widget_text'",
          'shopcopy',
        )
        .trim(),
      'hex',
    ).toString('utf8')
    const php = execFileSync('php', ['-r', 'echo json_encode(unserialize($argv[1]));', widgetNow], {
      encoding: 'utf8',
    })
    expect(JSON.parse(php)).toEqual({
      '2': { title: 'Promo é', text: "<a href='http://localhost:8080/sale'>Sale</a>" },
    })
    expect(dest.sql("SELECT guid FROM wp_posts WHERE post_title = 'Sale'", 'shopcopy').trim()).toBe(
      'https://shop.example.test/?p=1',
    )
  })

  it('clones onto another server: files through a staging copy, database through its SSH', () => {
    const target = tempDir('clone-target')
    try {
      mkdirSync(join(target.path, 'wp-content', 'cache'), { recursive: true })
      writeFileSync(join(target.path, 'wp-content', 'cache', 'own.html'), 'the target cache')
      writeFileSync(join(target.path, 'stale.php'), 'gone after the clone')
      dest.sql("CREATE DATABASE shopremote; GRANT ALL ON shopremote.* TO 'copy'@'127.0.0.1';")
      expect(
        addTestServer(twb, 'Target', sshd, '--root', target.path, '--role', 'preprod').code,
      ).toBe(0)
      expect(
        addTestServer(twb, 'Live', sshd, '--root', target.path, '--role', 'production').code,
      ).toBe(0)
      expect(twb('server', 'trust', 'Target', '--yes').code).toBe(0)
      expect(twb('server', 'trust', 'Live', '--yes').code).toBe(0)
      // The database as the destination server reaches it.
      const remoteDb = `mysql://copy:C0py-pass@127.0.0.1:${dest.port}/shopremote`
      const refused = twb('clone', 'Shop', '--to-server', `Live:${target.path}`)
      expect(refused.code).toBe(1)
      expect(refused.err).toContain('is a production server')
      // The target holds files of its own: refused until the user confirms (they would go).
      const nonEmpty = twb('clone', 'Shop', '--to-server', `Target:${target.path}`)
      expect(nonEmpty.code).toBe(1)
      expect(nonEmpty.err).toContain(`Target:${target.path} is not empty`)
      expect(existsSync(join(target.path, 'stale.php'))).toBe(true)
      const r = twb(
        'clone',
        'Shop',
        '--to-server',
        `Target:${target.path}`,
        '--db-to',
        remoteDb,
        '--force-into-nonempty',
        '--json',
      )
      expect(r.err).not.toMatch(/twb:/)
      expect(r.code).toBe(0)
      expect((JSON.parse(r.out) as { to: string }).to).toBe(`Target:${target.path}`)
      // Buffer#equals: a deep toEqual on 12 MB takes minutes.
      const same = readFileSync(join(target.path, 'wp-content/backup.zip')).equals(
        readFileSync(join(site.path, 'wp-content/backup.zip')),
      )
      expect(same).toBe(true)
      expect(existsSync(join(target.path, 'stale.php'))).toBe(false)
      // The destination's own cache is excluded: left alone.
      expect(readFileSync(join(target.path, 'wp-content/cache/own.html'), 'utf8')).toBe(
        'the target cache',
      )
      expect(dest.sql('SELECT COUNT(*) FROM wp_posts', 'shopremote').trim()).toBe('2000')
      const v = twb(
        'clone',
        'verify',
        'Shop',
        '--to-server',
        `Target:${target.path}`,
        '--db-to',
        remoteDb,
        '--json',
      )
      expect(v.code).toBe(0)
      writeFileSync(join(target.path, 'index.php'), 'changed on the target')
      const v2 = twb('clone', 'verify', 'Shop', '--to-server', `Target:${target.path}`, '--json')
      expect(v2.code).toBe(1)
      expect(
        (JSON.parse(v2.out) as { files: { differences: string[] } }).files.differences,
      ).toEqual(['index.php'])
      // The staging copy is private, in the data folder, not a shared fixed name in /tmp.
      const stagingRoot = join(home.path, 'clone-staging')
      expect(statSync(stagingRoot).mode & 0o777).toBe(0o700)
      expect(
        readdirSync(stagingRoot).map((n) => statSync(join(stagingRoot, n)).mode & 0o777),
      ).toEqual([0o700])
      expect(existsSync(join(tmpdir(), 'twb-clone-staging', 'Shop--Target'))).toBe(false)
      // The next run into the marked destination needs no confirmation.
      expect(twb('clone', 'Shop', '--to-server', `Target:${target.path}`).code).toBe(0)
    } finally {
      target.remove()
    }
  })

  it('refuses a non-empty local folder that is not an earlier clone of the site', () => {
    const mine = join(out.path, 'my-documents')
    mkdirSync(join(mine, 'taxes'), { recursive: true })
    writeFileSync(join(mine, 'taxes', '2025.pdf'), 'irreplaceable')
    writeFileSync(join(mine, 'notes.txt'), 'mine')
    const refused = twb('clone', 'Shop', '--to', mine)
    expect(refused.code).toBe(1)
    expect(refused.err).toContain(`${mine} is not empty (2 entries: notes.txt, taxes)`)
    expect(refused.err).toContain('--force-into-nonempty')
    expect(readFileSync(join(mine, 'taxes', '2025.pdf'), 'utf8')).toBe('irreplaceable')
    // A dry run deletes nothing: allowed, and it lists what would go.
    expect(twb('clone', 'Shop', '--to', mine, '--dry-run').code).toBe(0)
    expect(existsSync(join(mine, 'notes.txt'))).toBe(true)
    // Explicitly confirmed: the folder becomes the copy.
    const forced = twb('clone', 'Shop', '--to', mine, '--force-into-nonempty')
    expect(forced.code).toBe(0)
    expect(existsSync(join(mine, 'notes.txt'))).toBe(false)
    expect(existsSync(join(mine, 'wp-config.php'))).toBe(true)
  })

  it('refuses a staging folder another user could redirect (a link in its place)', () => {
    const other = tempDir('clone-evil-home')
    const victim = tempDir('clone-victim')
    try {
      writeFileSync(join(victim.path, 'keep.txt'), 'keep')
      symlinkSync(victim.path, join(other.path, 'clone-staging'))
      const evil = cliRunner(other.path)
      expect(addTestServer(evil, 'Shop', sshd, '--root', site.path).code).toBe(0)
      expect(evil('server', 'trust', 'Shop', '--yes').code).toBe(0)
      expect(
        addTestServer(
          evil,
          'Target',
          sshd,
          '--root',
          join(out.path, 'evil-target'),
          '--role',
          'preprod',
        ).code,
      ).toBe(0)
      expect(evil('server', 'trust', 'Target', '--yes').code).toBe(0)
      const r = evil('clone', 'Shop', '--to-server', `Target:${join(out.path, 'evil-target')}`)
      expect(r.code).toBe(1)
      expect(r.err).toContain('is not a plain folder (a link?)')
      expect(readdirSync(victim.path)).toEqual(['keep.txt'])
    } finally {
      other.remove()
      victim.remove()
    }
  })

  it('never wrote to the source: same files, same tables', () => {
    expect(sourceState()).toEqual(before)
  })

  it('refuses a server it cannot log in to with the system ssh, saying why', () => {
    process.env.CLONE_PW = 'whatever'
    const add = twb(
      'server',
      'add',
      'PwShop',
      '--host',
      '127.0.0.1',
      '--port',
      String(sshd.port),
      '--user',
      sshd.user,
      '--password-env',
      'CLONE_PW',
      '--root',
      site.path,
    )
    expect(add.code).toBe(0)
    const r = twb('clone', 'PwShop', '--to', join(out.path, 'nope'))
    expect(r.code).toBe(1)
    expect(r.err).toContain('cannot be given a password')
  })
})

/** Size of backup.zip, or of rsync's temporary copy of it while it is being written. */
function findPartial(to: string): number {
  const dir = join(to, 'wp-content')
  if (!existsSync(dir)) return 0
  const names = readdirSync(dir).filter((n) => n.includes('backup.zip'))
  return Math.max(0, ...names.map((n) => statSync(join(dir, n)).size))
}
