// Schema drift on a real MariaDB: snapshot, drift, snapshot again; the diff lists exactly the
// changes with the right severities. Snapshots are taken directly and over the real sshd with
// credentials read from the site's wp-config.php.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SchemaChange, SchemaSnapshot } from '../../src/shared/schema'
import { addTestServer, cliRunner } from '../harness/cli'
import { APP_ROOT } from '../harness/app'
import { callSession, createApiSession } from '../../src/main/services/api/session'
import { createServices } from '../../src/main/services/api/services'
import { startMariadb, type TestMariadb } from '../harness/mariadb'
import { tempDir } from '../harness/process'
import { startSshd, type TestSshd, testProfile } from '../harness/sshd'

const WP_SCHEMA = `
CREATE TABLE shop_posts (
  ID bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  post_title text NOT NULL,
  post_status varchar(20) NOT NULL DEFAULT 'publish',
  post_type varchar(20) NOT NULL DEFAULT 'post',
  post_date datetime NOT NULL DEFAULT '0000-00-00 00:00:00',
  PRIMARY KEY (ID),
  KEY type_status_date (post_type, post_status, post_date, ID)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_520_ci;
CREATE TABLE shop_comments (
  comment_ID bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  comment_author_IP varchar(100) NOT NULL DEFAULT '',
  PRIMARY KEY (comment_ID)
) ENGINE=InnoDB;
CREATE TABLE shop_options (
  option_id bigint(20) unsigned NOT NULL AUTO_INCREMENT,
  option_name varchar(191) NOT NULL DEFAULT '',
  option_value longtext NOT NULL,
  PRIMARY KEY (option_id),
  UNIQUE KEY option_name (option_name)
) ENGINE=InnoDB;
CREATE TABLE shop_links (link_id bigint(20) unsigned NOT NULL AUTO_INCREMENT, PRIMARY KEY (link_id)) ENGINE=InnoDB;
CREATE TABLE shop_termmeta (meta_id bigint(20) unsigned NOT NULL, meta_key varchar(255), PRIMARY KEY (meta_id)) ENGINE=InnoDB;
INSERT INTO shop_options (option_name, option_value) VALUES ('siteurl', 'https://shop.example.test');
`

const DRIFT = `
ALTER TABLE shop_posts DROP INDEX type_status_date;
ALTER TABLE shop_comments MODIFY comment_author_IP varchar(50) NOT NULL DEFAULT '';
ALTER TABLE shop_posts ADD COLUMN tb_flag tinyint(1) NOT NULL DEFAULT 0;
ALTER TABLE shop_termmeta DROP PRIMARY KEY;
ALTER TABLE shop_options DROP INDEX option_name;
CREATE TABLE shop_tb_coupons (coupon_id bigint unsigned NOT NULL AUTO_INCREMENT, code varchar(32) NOT NULL, PRIMARY KEY (coupon_id));
DROP TABLE shop_links;
`

describe('schema snapshots and drift on a real MariaDB', () => {
  let db: TestMariadb
  let sshd: TestSshd
  const home = tempDir('schema-home')
  const work = tempDir('schema-work')
  const twb = cliRunner(home.path, { TWB_DB_PASS: 'wp-pass' })

  beforeAll(async () => {
    db = await startMariadb()
    db.sql(
      `CREATE DATABASE shopdb; CREATE USER 'shopuser'@'127.0.0.1' IDENTIFIED BY 'shop-Db-pass-2026'; GRANT ALL ON shopdb.* TO 'shopuser'@'127.0.0.1';`,
    )
    db.sql(WP_SCHEMA, 'shopdb')
    sshd = await startSshd()
    const site = join(work.path, 'site')
    mkdirSync(site)
    writeFileSync(
      join(site, 'wp-config.php'),
      `<?php\n/** example: define('DB_PASSWORD', 'not-this-one'); */\ndefine( 'DB_NAME', 'shopdb' );\ndefine( 'DB_USER', 'shopuser' );\ndefine( 'DB_PASSWORD', 'shop-Db-pass-2026' );\ndefine( 'DB_HOST', '127.0.0.1:${db.port}' );\n$table_prefix = 'shop_';\n`,
    )
    expect(addTestServer(twb, 'Shop', sshd, '--root', site).code).toBe(0)
    expect(twb('server', 'trust', 'Shop', '--yes').code).toBe(0)
  })

  afterAll(async () => {
    await sshd?.stop()
    await db?.stop()
    home.remove()
    work.remove()
  })

  it('snapshots over the SSH tunnel with the credentials of wp-config.php, and directly', () => {
    const viaSsh = twb('schema', 'snapshot', '--server', 'Shop')
    expect(viaSsh.err).toContain('wp-config.php (wordpress)')
    expect(viaSsh.code).toBe(0)
    const snap = JSON.parse(viaSsh.out) as SchemaSnapshot
    expect(Object.keys(snap.tables).sort()).toEqual([
      'shop_comments',
      'shop_links',
      'shop_options',
      'shop_posts',
      'shop_termmeta',
    ])
    expect(snap.tables.shop_posts!.indexes.map((i) => i.name).sort()).toEqual([
      'PRIMARY',
      'type_status_date',
    ])
    expect(snap.tables.shop_posts!.createSql).toMatch(/^CREATE TABLE `shop_posts`/)
    expect(snap.tables.shop_posts!.createSql).not.toContain('AUTO_INCREMENT=')
    writeFileSync(join(work.path, 'before.json'), viaSsh.out)
    process.env.TWB_TEST_MYSQL = `mysql://shopuser:shop-Db-pass-2026@127.0.0.1:${db.port}/shopdb`
    const direct = twb('schema', 'snapshot', '--mysql-env', 'TWB_TEST_MYSQL', '--exact-counts')
    expect(direct.code).toBe(0)
    expect((JSON.parse(direct.out) as SchemaSnapshot).tables.shop_options!.rows).toBe(1)
    expect((JSON.parse(direct.out) as SchemaSnapshot).exactCounts).toBe(true)
    expect(Object.keys((JSON.parse(direct.out) as SchemaSnapshot).tables)).toHaveLength(5)
  })

  it('lists exactly the drift, with the right severities and restore SQL', () => {
    db.sql(DRIFT, 'shopdb')
    const after = twb('schema', 'snapshot', '--server', 'Shop')
    writeFileSync(join(work.path, 'after.json'), after.out)
    const r = twb(
      'schema',
      'diff',
      join(work.path, 'before.json'),
      join(work.path, 'after.json'),
      '--json',
    )
    expect(r.code).toBe(0)
    const changes = (JSON.parse(r.out) as { changes: SchemaChange[] }).changes
    const summary = changes.map((c) => [c.severity, c.kind, c.table, c.object]).sort()
    expect(summary).toEqual(
      [
        ['critical', 'primary-key-dropped', 'shop_termmeta', 'PRIMARY'],
        ['critical', 'table-dropped', 'shop_links', null],
        ['critical', 'unique-key-dropped', 'shop_options', 'option_name'],
        ['info', 'column-added', 'shop_posts', 'tb_flag'],
        ['info', 'table-added', 'shop_tb_coupons', null],
        ['warning', 'column-narrowed', 'shop_comments', 'comment_author_IP'],
        ['warning', 'index-dropped', 'shop_posts', 'type_status_date'],
      ].sort(),
    )
    const narrowed = changes.find((c) => c.kind === 'column-narrowed')!
    expect([narrowed.before, narrowed.after]).toEqual(['varchar(100)', 'varchar(50)'])
    expect(narrowed.restore).toBe(
      "ALTER TABLE `shop_comments` MODIFY `comment_author_IP` varchar(100) NOT NULL DEFAULT '';",
    )
    expect(changes.find((c) => c.kind === 'index-dropped')!.restore).toBe(
      'ALTER TABLE `shop_posts` ADD KEY `type_status_date` (`post_type`,`post_status`,`post_date`,`ID`);',
    )
    expect(changes.find((c) => c.kind === 'table-dropped')!.restore).toMatch(
      /^CREATE TABLE `shop_links`/,
    )
    const text = twb(
      'schema',
      'diff',
      join(work.path, 'before.json'),
      join(work.path, 'after.json'),
    )
    expect(text.out.split('\n')[0]).toMatch(/^CRITICAL/)
  })

  it('compares production with preproduction through the API, and takes credentials by hand', async () => {
    db.sql("CREATE DATABASE preprod; GRANT ALL ON preprod.* TO 'shopuser'@'127.0.0.1';")
    db.sql(
      'CREATE TABLE shop_posts (ID bigint(20) unsigned NOT NULL AUTO_INCREMENT, PRIMARY KEY (ID)) ENGINE=InnoDB;',
      'preprod',
    )
    const services = createServices({ appRoot: APP_ROOT, dataDir: home.path, locale: 'en' })
    try {
      services.servers.add(
        testProfile(sshd, { name: 'Pre', cmsRoot: '/nonexistent', role: 'preprod' }),
      )
      const s = createApiSession(services, 'web', () => undefined)
      const noConfig = await callSession(s, 'schema:take', { server: 'pre' })
      expect(noConfig).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } })
      const pre = await callSession(s, 'schema:take', {
        server: 'pre',
        credentials: {
          host: '127.0.0.1',
          port: db.port,
          user: 'shopuser',
          password: 'shop-Db-pass-2026',
          database: 'preprod',
        },
      })
      if (!pre.ok) throw new Error(pre.error.message)
      // Kept sealed for the next time: no credentials needed again, none in clear on disk.
      const again = await callSession(s, 'schema:take', { server: 'pre' })
      expect(again.ok).toBe(true)
      expect(readFileSync(join(home.path, 'servers.json'), 'utf8')).not.toContain(
        'shop-Db-pass-2026',
      )
      const prod = await callSession(s, 'schema:take', { server: 'shop' })
      if (!prod.ok) throw new Error(prod.error.message)
      const diff = await callSession(s, 'schema:diff', {
        server: 'shop',
        from: prod.value.id,
        to: pre.value.id,
        toServer: 'pre',
      })
      if (!diff.ok) throw new Error(diff.error.message)
      expect(
        diff.value.changes
          .filter((c) => c.kind === 'table-dropped')
          .map((c) => c.table)
          .sort(),
      ).toEqual(['shop_comments', 'shop_options', 'shop_tb_coupons', 'shop_termmeta'])
      expect(diff.value.before.shop_posts).toContain('CREATE TABLE `shop_posts`')
      // Binlog column names: from the snapshot taken before the event, else today's structure.
      const named = await callSession(s, 'binlog:columns', {
        server: 'shop',
        db: 'shopdb',
        table: 'shop_posts',
        at: Math.ceil(Date.now() / 1000),
      })
      expect(named).toMatchObject({
        ok: true,
        value: {
          source: 'snapshot',
          names: ['ID', 'post_title', 'post_status', 'post_type', 'post_date', 'tb_flag'],
        },
      })
      const live = await callSession(s, 'binlog:columns', {
        server: 'shop',
        db: 'shopdb',
        table: 'shop_comments',
        at: 0,
      })
      expect(live).toMatchObject({
        ok: true,
        value: { source: 'live', names: ['comment_ID', 'comment_author_IP'] },
      })
    } finally {
      await services.servers.close()
    }
  })

  it('says clearly when the credentials are wrong or the snapshot file is not one', () => {
    const bad = twb(
      'schema',
      'snapshot',
      '--mysql',
      `mysql://shopuser:wrong@127.0.0.1:${db.port}/shopdb`,
    )
    expect(bad.code).toBe(1)
    expect(bad.err).toContain('MySQL refused shopuser@127.0.0.1: wrong user or password.')
    writeFileSync(join(work.path, 'junk.json'), '{"hello": 1}')
    const junk = twb('schema', 'diff', join(work.path, 'junk.json'), join(work.path, 'after.json'))
    expect(junk.code).toBe(1)
    expect(junk.err).toContain('not a schema snapshot')
    expect(readFileSync(join(work.path, 'after.json'), 'utf8')).toContain('shop_tb_coupons')
  })

  it('keeps foreign keys, triggers, views and prefix indexes, each in its table', () => {
    db.sql("CREATE DATABASE rel; GRANT ALL ON rel.* TO 'shopuser'@'127.0.0.1';")
    db.sql(
      `CREATE TABLE ps_orders (id_order int unsigned NOT NULL, id_shop int unsigned NOT NULL, reference varchar(255), PRIMARY KEY (id_order, id_shop), KEY reference (reference(12))) ENGINE=InnoDB;
       CREATE TABLE ps_order_detail (id int unsigned NOT NULL, id_order int unsigned NOT NULL, id_shop int unsigned NOT NULL, PRIMARY KEY (id),
         CONSTRAINT fk_detail_order FOREIGN KEY (id_order, id_shop) REFERENCES ps_orders (id_order, id_shop) ON DELETE CASCADE ON UPDATE RESTRICT) ENGINE=InnoDB;
       CREATE DEFINER='shopuser'@'127.0.0.1' TRIGGER ps_orders_ref BEFORE INSERT ON ps_orders FOR EACH ROW SET NEW.reference = UPPER(NEW.reference);
       CREATE DEFINER='shopuser'@'127.0.0.1' VIEW ps_order_refs AS SELECT id_order, reference FROM ps_orders;`,
      'rel',
    )
    process.env.TWB_TEST_MYSQL = `mysql://shopuser:shop-Db-pass-2026@127.0.0.1:${db.port}/rel`
    const r = twb('schema', 'snapshot', '--mysql-env', 'TWB_TEST_MYSQL')
    expect(r.code).toBe(0)
    const snap = JSON.parse(r.out) as SchemaSnapshot
    expect(Object.keys(snap.tables).sort()).toEqual(['ps_order_detail', 'ps_orders'])
    expect(snap.tables.ps_order_detail!.foreignKeys).toEqual([
      {
        name: 'fk_detail_order',
        columns: ['id_order', 'id_shop'],
        refTable: 'ps_orders',
        refColumns: ['id_order', 'id_shop'],
        onUpdate: 'RESTRICT',
        onDelete: 'CASCADE',
      },
    ])
    expect(snap.tables.ps_orders!.indexes).toEqual([
      {
        name: 'PRIMARY',
        unique: true,
        kind: 'BTREE',
        columns: [
          { name: 'id_order', subPart: null },
          { name: 'id_shop', subPart: null },
        ],
      },
      {
        name: 'reference',
        unique: false,
        kind: 'BTREE',
        columns: [{ name: 'reference', subPart: 12 }],
      },
    ])
    expect(snap.tables.ps_orders!.columns.map((c) => [c.name, c.type, c.nullable])).toEqual([
      ['id_order', 'int(10) unsigned', false],
      ['id_shop', 'int(10) unsigned', false],
      ['reference', 'varchar(255)', true],
    ])
    expect(snap.triggers).toEqual({
      ps_orders_ref: {
        table: 'ps_orders',
        timing: 'BEFORE',
        event: 'INSERT',
        statement: 'SET NEW.reference = UPPER(NEW.reference)',
      },
    })
    expect(Object.keys(snap.views)).toEqual(['ps_order_refs'])
    expect(snap.views.ps_order_refs).toMatch(/select .*`reference`/i)
    expect(snap.tables.ps_order_detail!.createSql).toContain('CONSTRAINT `fk_detail_order`')
  })
})
