// The real services every later capability is tested against: prove the harness starts them,
// that they answer as the product expects, and that they stop by PID.
import { execFileSync } from 'node:child_process'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Client } from 'ssh2'
import { createConnection } from 'mysql2/promise'
import { startSshd, type TestSshd } from '../harness/sshd'
import { startMariadb, type TestMariadb } from '../harness/mariadb'
import { createHash } from 'node:crypto'

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

describe('test sshd', () => {
  let sshd: TestSshd
  beforeAll(async () => {
    sshd = await startSshd()
  })
  afterAll(async () => {
    const pid = sshd?.daemon.pid
    await sshd?.stop()
    if (pid) expect(alive(pid)).toBe(false)
  })

  it('runs a command over ssh2 and shows the OpenSSH host fingerprint', async () => {
    let seenFingerprint = ''
    const out = await new Promise<string>((resolve, reject) => {
      const conn = new Client()
      conn
        .on('ready', () => {
          conn.exec('printf "%s|" "$USER" hello', (err, stream) => {
            if (err) return reject(err)
            let data = ''
            stream.on('data', (b: Buffer) => (data += b.toString()))
            stream.on('close', () => {
              conn.end()
              resolve(data)
            })
          })
        })
        .on('error', reject)
        .connect({
          host: sshd.host,
          port: sshd.port,
          username: sshd.user,
          privateKey: sshd.privateKey,
          hostVerifier: (key: Buffer) => {
            seenFingerprint =
              'SHA256:' + createHash('sha256').update(key).digest('base64').replace(/=+$/, '')
            return true
          },
        })
    })
    expect(out).toBe(`${sshd.user}|hello|`)
    expect(seenFingerprint).toBe(sshd.hostFingerprint)
  })
})

describe('test MariaDB with binary logging', () => {
  let db: TestMariadb
  beforeAll(async () => {
    db = await startMariadb()
  })
  afterAll(async () => {
    const pid = db?.daemon.pid
    await db?.stop()
    if (pid) expect(alive(pid)).toBe(false)
  })

  it('logs an UPDATE that mysqlbinlog --no-defaults decodes with its row images', async () => {
    const conn = await createConnection({ host: db.host, port: db.port, user: 'root' })
    await conn.query('CREATE DATABASE shop')
    await conn.query('CREATE TABLE shop.options (id INT PRIMARY KEY, v VARCHAR(64))')
    await conn.query("INSERT INTO shop.options VALUES (6, 'shopadmin@example.test')")
    await conn.query("UPDATE shop.options SET v = 'rogue@example.test' WHERE id = 6")
    const [rows] = await conn.query('SHOW BINARY LOGS')
    await conn.end()
    const files = (rows as { Log_name: string }[]).map((r) => r.Log_name)
    expect(files.length).toBeGreaterThan(0)
    const text = execFileSync(
      'mysqlbinlog',
      [
        '--no-defaults',
        '--base64-output=DECODE-ROWS',
        '--verbose',
        `${db.dataDir}/${files.at(-1)}`,
      ],
      { env: { ...process.env, TZ: 'UTC' } },
    ).toString('utf8')
    expect(text).toContain('### UPDATE `shop`.`options`')
    expect(text).toMatch(/### WHERE\n###\s+@1=6\n###\s+@2='shopadmin@example.test'/)
    expect(text).toMatch(/### SET\n###\s+@1=6\n###\s+@2='rogue@example.test'/)
  })
})

describe('the link shaper', () => {
  it.each(['startShaper', 'startShaperThread'] as const)(
    'delivers every byte in order, at no more than its cap and after its delay (%s)',
    async (start) => {
      const { createServer, connect } = await import('node:net')
      const shaping = {
        ...(await import('../harness/shaper')),
        ...(await import('../harness/shaper-thread')),
      }
      // An echo server behind a 10 Mbit/s, 60 ms link.
      const echo = createServer((s) => s.pipe(s))
      await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
      const shaper = await shaping[start]((echo.address() as { port: number }).port, {
        name: 'test',
        mbit: 10,
        rttMs: 60,
      })
      try {
        const sent = Buffer.from(Array.from({ length: 1 << 20 }, (_, i) => (i * 7919) % 251))
        const began = performance.now()
        const back = await new Promise<Buffer>((resolve, reject) => {
          const c = connect({ host: '127.0.0.1', port: shaper.port })
          const parts: Buffer[] = []
          let got = 0
          c.on('data', (b: Buffer) => {
            parts.push(b)
            got += b.length
            if (got >= sent.length) {
              c.end()
              resolve(Buffer.concat(parts))
            }
          })
          c.on('error', reject)
          // In pieces of every size, as a real sender writes.
          for (let at = 0; at < sent.length;) {
            const n = 1 + ((at * 31) % 9000)
            c.write(sent.subarray(at, at + n))
            at += n
          }
        })
        const ms = performance.now() - began
        expect(back.equals(sent)).toBe(true)
        // A lower bound only (a busy machine is slower, never faster): 1 MB each way at
        // 10 Mbit/s is 0.84 s, plus the round trip.
        expect(ms).toBeGreaterThan(((sent.length * 8) / 10e6) * 1000 + 60)
        expect(shaper.bytes).toEqual({ up: sent.length, down: sent.length })
      } finally {
        await shaper.stop()
        echo.close()
      }
    },
  )
})
