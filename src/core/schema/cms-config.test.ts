import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { parseCmsConfig, stripPhpComments, type Cms } from './cms-config'

const read = (path: string): string =>
  readFileSync(new URL(`../../../test/fixtures/cms-config/${path}`, import.meta.url), 'utf8')

describe('CMS database credentials, read without running PHP', () => {
  const cases: [Cms, string, object][] = [
    [
      'wordpress',
      'wordpress/wp-config.php',
      {
        host: '127.0.0.1',
        port: 3307,
        database: 'shopdb',
        user: 'shopuser',
        password: 'shop-Db-pass-2026',
        prefix: 'shop_',
      },
    ],
    [
      'prestashop',
      'prestashop-1.7/app/config/parameters.php',
      {
        host: '127.0.0.1',
        port: 3306,
        database: 'velo_ps17',
        user: 'velo_ps17_rw',
        password: 'V78XCp7u7-Ykgn+%',
        prefix: 'ps_',
      },
    ],
    [
      'prestashop-1.6',
      'prestashop-1.6/config/settings.inc.php',
      {
        host: 'localhost',
        port: 3306,
        database: 'velo_ps16',
        user: 'velo_ps16',
        password: '#eIE8SGN0IUMJnuo',
        prefix: 'ps_',
      },
    ],
    [
      'magento',
      'magento-2/app/etc/env.php',
      {
        host: 'db.internal.example.test',
        port: 3306,
        database: 'velo_magento',
        user: 'velo_mage',
        password: 'hSFozsvfYabxdHlI',
        prefix: 'mg_',
      },
    ],
    [
      'drupal',
      'drupal/sites/default/settings.php',
      {
        host: '127.0.0.1',
        port: 3306,
        database: 'velo_drupal',
        user: 'velo_drupal',
        password: 'Xk2#pLw9-RtQ7vNe',
        prefix: '',
      },
    ],
  ]
  for (const [cms, file, expected] of cases) {
    it(`reads ${file}`, () => {
      expect(parseCmsConfig(cms, read(file))).toEqual({ cms, ...expected })
    })
  }

  it('ignores the example credentials in Drupal’s documentation comment', () => {
    const r = parseCmsConfig('drupal', read('drupal/sites/default/settings.php'))
    expect(r?.password).not.toBe('sqlpassword')
    expect(
      parseCmsConfig(
        'drupal',
        "<?php\n/**\n * $databases['default']['default'] = ['database' => 'x', 'password' => 'sqlpassword'];\n */\n$databases = [];\n",
      ),
    ).toBeNull()
  })

  it('keeps comment markers that live inside strings, and reads sockets', () => {
    expect(stripPhpComments('<?php $a = \'http://x/*y*/\'; // gone\n# gone too\n$b = "#1";')).toBe(
      '<?php $a = \'http://x/*y*/\'; \n\n$b = "#1";',
    )
    const wp =
      "<?php define('DB_NAME','db'); define( 'DB_USER', 'u' ); define('DB_PASSWORD', 'p\\'q'); define('DB_HOST', 'localhost:/run/mysqld/mysqld.sock');"
    expect(parseCmsConfig('wordpress', wp)).toMatchObject({
      host: 'localhost',
      socket: '/run/mysqld/mysqld.sock',
      password: "p'q",
      prefix: 'wp_',
    })
    expect(parseCmsConfig('wordpress', '<?php echo 1;')).toBeNull()
  })
})
