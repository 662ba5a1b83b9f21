// A site for the WAN benchmark's clone and schema rows: a tree of PHP-like sources (text, that
// compresses about as a CMS's code does), images (random bytes: nothing to compress, as JPEGs),
// the CMS's configuration, and a MariaDB database of posts (text and hashes) beside it.
import { randomBytes } from 'node:crypto'
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type { TestMariadb } from '../test/harness/mariadb'
import { random } from '../test/harness/random'

const WORDS = [
  'product',
  'category',
  'customer',
  'order',
  'cart',
  'price',
  'tax',
  'stock',
  'shipping',
  'address',
  'payment',
  'module',
  'hook',
  'render',
  'cache',
  'config',
  'image',
  'attribute',
  'combination',
  'discount',
]

/** One PHP source of about `bytes`: classes, methods, comments and literals, varied. */
function phpSource(bytes: number, r: () => number): string {
  const word = (): string => WORDS[Math.floor(r() * WORDS.length)]!
  const name = (): string => `${word()}${word()[0]!.toUpperCase()}${word().slice(1)}`
  const parts = [`<?php\nnamespace Shop\\${name()};\n\n`]
  let size = parts[0]!.length
  while (size < bytes) {
    const cls = name()
    const method = name()
    const block =
      `/**\n * ${word()} ${word()} ${word()} for the ${word()} ${Math.floor(r() * 1e6)}.\n */\n` +
      `class ${cls[0]!.toUpperCase()}${cls.slice(1)} extends Abstract${name()}\n{\n` +
      `    protected $${word()} = ${Math.floor(r() * 1e5)};\n` +
      `    public function ${method}(array $${word()}, int $id = ${Math.floor(r() * 100)}): ?array\n    {\n` +
      `        if (!isset($this->${word()}[$id])) {\n            return null;\n        }\n` +
      `        $sql = 'SELECT ${word()}_id, ${word()} FROM ' . _DB_PREFIX_ . '${word()} WHERE id = ' . (int) $id;\n` +
      `        return Db::getInstance()->executeS($sql) ?: ['${word()}' => ${r().toFixed(4)}];\n    }\n}\n\n`
    parts.push(block)
    size += block.length
  }
  return parts.join('')
}

/** Writes the site under `root`; returns the number of files. */
export function writeSite(
  root: string,
  textBytes: number,
  imageBytes: number,
  db: { port: number; name: string; user: string; password: string },
): number {
  const r = random(2026)
  let files = 0
  mkdirSync(root, { recursive: true })
  writeFileSync(
    join(root, 'wp-config.php'),
    `<?php\ndefine('DB_NAME', '${db.name}');\ndefine('DB_USER', '${db.user}');\ndefine('DB_PASSWORD', '${db.password}');\ndefine('DB_HOST', '127.0.0.1:${db.port}');\n$table_prefix = 'wp_';\n`,
  )
  for (let written = 0, k = 0; written < textBytes; k++) {
    const dir = join(root, 'wp-content', 'plugins', `plugin-${k % 40}`, `src-${k % 7}`)
    mkdirSync(dir, { recursive: true })
    const size = 2_000 + Math.floor(r() * 98_000)
    const text = phpSource(size, r)
    writeFileSync(join(dir, `${WORDS[k % WORDS.length]}-${k}.php`), text)
    written += text.length
    files++
  }
  for (let written = 0, k = 0; written < imageBytes; k++) {
    const dir = join(root, 'wp-content', 'uploads', `20${20 + (k % 7)}`, String(1 + (k % 12)))
    mkdirSync(dir, { recursive: true })
    const size = 300_000 + Math.floor(r() * 700_000)
    writeFileSync(join(dir, `photo-${k}.jpg`), randomBytes(size))
    written += size
    files++
  }
  return files
}

/** Posts of about `bytes` in a `wp_posts` table, made by the server itself (its sequence engine). */
export function fillDatabase(db: TestMariadb, name: string, bytes: number): void {
  db.sql(
    `CREATE TABLE wp_posts (ID bigint unsigned NOT NULL AUTO_INCREMENT, post_title text NOT NULL, post_content longtext, guid varchar(255) NOT NULL DEFAULT '', PRIMARY KEY (ID)) ENGINE=InnoDB`,
    name,
  )
  // About 520 bytes of dump per row: eight paragraphs, each its own words, number and hash. The
  // dump compresses 2.3× by gzip -1 (measured), less than a real shop's HTML (3–4×): the same
  // paragraph repeated compressed 10× — far kinder than real data.
  const words = [
    'Lorem',
    'ipsum',
    'dolor',
    'sit',
    'amet',
    'elit',
    'sed',
    'tempor',
    'magna',
    'aliqua',
    'veniam',
  ]
  const pick = (k: number): string =>
    `ELT(1 + (seq * ${k}) % ${words.length}, ${words.map((w) => `'${w}'`).join(', ')})`
  const paragraphs = Array.from(
    { length: 8 },
    (_, k) =>
      `'<p>', ${pick(k + 3)}, ' ', ${pick(k + 7)}, ' ', ${pick(k + 11)}, ' ', LEFT(MD5(seq * ${k + 13}), ${8 + k * 3}), ' ', seq * ${k + 7} % 9973, '</p>'`,
  ).join(', ')
  const rows = Math.max(1000, Math.round(bytes / 520))
  for (let from = 1; from <= rows; from += 100_000) {
    const to = Math.min(rows, from + 99_999)
    db.sql(
      `INSERT INTO wp_posts (post_title, post_content, guid) SELECT CONCAT('Product ', seq, ' ', ${pick(1)}), CONCAT(${paragraphs}, SHA2(seq, 256)), CONCAT('https://shop.example.test/?p=', seq) FROM seq_${from}_to_${to}`,
      name,
    )
  }
}

/** `tables` tables shaped like a CMS's (columns, keys), for the schema snapshot row. */
export function createTables(db: TestMariadb, name: string, tables: number): void {
  const ddl: string[] = []
  for (let i = 0; i < tables; i++) {
    ddl.push(
      `CREATE TABLE t${i}_postmeta (meta_id bigint(20) unsigned NOT NULL AUTO_INCREMENT, post_id bigint(20) unsigned NOT NULL DEFAULT 0, meta_key varchar(255) DEFAULT NULL, meta_value longtext, PRIMARY KEY (meta_id), KEY post_id (post_id), KEY meta_key (meta_key(191))) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;`,
    )
  }
  db.sql(ddl.join('\n'), name)
}
