// The redirect tracer against a real nginx (a configured 301, an HTTP → HTTPS rule, a TLS server)
// with a real php-fpm behind it (a PHP 302 that takes over 250 ms, WordPress's X-Redirect-By),
// and a server that never answers: each hop's origin is told right, and a silence is a verdict.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type Server, type Socket } from 'node:net'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { matchHtaccess, readProbeLines } from '../../src/core/http/http-diag'
import {
  banCheck,
  cacheDiagnosis,
  curlFromServer,
  logGrep,
  probe,
  traceRedirects,
} from '../../src/main/services/http/http-probe'
import type { Services } from '../../src/main/services/api/session'
import { createServices } from '../../src/main/services/api/services'
import type { BanCheck } from '../../src/shared/http'
import { APP_ROOT } from '../harness/app'
import { processesWith, startSshd, testProfile, type TestSshd } from '../harness/sshd'
import { startNginx, type TestNginx } from '../harness/nginx'
import { startPhpFpm, type TestPhpFpm } from '../harness/php-fpm'
import { cliRunner } from '../harness/cli'
import { freePort, tempDir, waitFor } from '../harness/process'

describe('redirect tracer against nginx and php-fpm', () => {
  let nginx: TestNginx
  let fpm: TestPhpFpm
  let silent: Server
  let silentPort = 0
  let sshd: TestSshd
  let services: Services
  const home = tempDir('http-home')
  const sockets: Socket[] = []

  beforeAll(async () => {
    fpm = await startPhpFpm()
    writeFileSync(
      join(fpm.site, 'slow-redirect.php'),
      "<?php usleep(400000); header('Location: /done.php', true, 302);",
    )
    writeFileSync(
      join(fpm.site, 'wp-redirect.php'),
      "<?php header('X-Redirect-By: WordPress'); header('Location: /done.php', true, 301);",
    )
    writeFileSync(join(fpm.site, 'done.php'), "<?php echo 'done';")
    writeFileSync(join(fpm.site, 'private.php'), "<?php header('Location: /new', true, 302);")
    // Answers once the test has looked at the curl that asked (a file it writes), 30 s at most.
    writeFileSync(
      join(fpm.site, 'held.php'),
      `<?php for ($i = 0; $i < 300 && !file_exists('${join(fpm.site, 'release')}'); $i++) usleep(100000); echo 'released';`,
    )
    mkdirSync(join(fpm.site, 'shop'), { recursive: true })
    // An image with a WebP variant next to it (photo.jpg.webp), served with mod_expires-like headers.
    mkdirSync(join(fpm.site, 'img'))
    writeFileSync(join(fpm.site, 'img', 'photo.jpg'), 'JPEG bytes, version 2')
    writeFileSync(join(fpm.site, 'img', 'photo.jpg.webp'), 'WEBP bytes, version 1')
    // A preprod behind htpasswd, as the platform shares it (https://LOGIN:PASSWORD@host).
    const hash = execFileSync('openssl', ['passwd', '-apr1', 'Pr3view!']).toString().trim()
    const odd = execFileSync('openssl', ['passwd', '-apr1', 'p"a\\ss $x']).toString().trim()
    writeFileSync(join(fpm.site, '.htpasswd'), `preview:${hash}\nodd:${odd}\n`)
    nginx = await startNginx(
      `
  server {
    listen 127.0.0.1:{{http}};
    location = /old { return 301 /new; }
    types { image/jpeg jpg; image/webp webp; }
    location /img/ {
      root ${fpm.site};
      expires 30d;
      if ($http_accept ~* "image/webp") { rewrite ^(.*)$ $1.webp break; }
    }
    # A CDN-like cache keeping an old copy of the page (any ?t= goes to the origin).
    location = /page {
      if ($arg_t = "") {
        add_header X-Cache "HIT" always;
        add_header Age 120 always;
        return 200 "old page\n";
      }
      return 200 "new page\n";
    }
    # An IDS that drops the workbench's requests (but not the server's own curl).
    location = /guarded {
      if ($http_user_agent ~ "TW-Workbench") { return 444; }
      return 200 "fine\n";
    }
    location = /private {
      # (return would answer before auth_basic: nginx runs it in the rewrite phase)
      auth_basic "preprod";
      auth_basic_user_file ${join(fpm.site, '.htpasswd')};
      fastcgi_pass 127.0.0.1:${fpm.port};
      fastcgi_param SCRIPT_FILENAME ${fpm.site}/private.php;
      fastcgi_param REQUEST_METHOD $request_method;
    }
    location = /held {
      auth_basic "preprod";
      auth_basic_user_file ${join(fpm.site, '.htpasswd')};
      fastcgi_pass 127.0.0.1:${fpm.port};
      fastcgi_param SCRIPT_FILENAME ${fpm.site}/held.php;
      fastcgi_param REQUEST_METHOD $request_method;
    }
    location = /new { return 200 "new page\\n"; }
    location ~ \\.php$ {
      fastcgi_pass 127.0.0.1:${fpm.port};
      fastcgi_param SCRIPT_FILENAME ${fpm.site}$fastcgi_script_name;
      fastcgi_param REQUEST_METHOD $request_method;
      fastcgi_param REQUEST_URI $request_uri;
      fastcgi_param QUERY_STRING $query_string;
      fastcgi_param SERVER_PROTOCOL $server_protocol;
    }
  }
  server {
    listen 127.0.0.1:{{plain}};
    return 301 https://$host:{{https}}$request_uri;
  }
  server {
    listen 127.0.0.1:{{https}} ssl;
    ssl_certificate {{cert}};
    ssl_certificate_key {{key}};
    add_header Strict-Transport-Security "max-age=31536000" always;
    location / { return 200 "secure\\n"; }
  }`,
      ['http', 'plain', 'https'],
    )
    // A server that accepts and never answers (what an IDS ban looks like from outside).
    silentPort = await freePort()
    silent = createServer((socket) => sockets.push(socket))
    await new Promise<void>((ok) => silent.listen(silentPort, '127.0.0.1', ok))
    sshd = await startSshd()
    services = createServices({ appRoot: APP_ROOT, dataDir: home.path, locale: 'en' })
    services.servers.add(testProfile(sshd, { name: 'Web', cmsRoot: fpm.site }))
    services.servers.trust('web', sshd.hostFingerprint)
    await services.servers.connect('web')
  }, 120_000)

  afterAll(async () => {
    for (const s of sockets) s.destroy()
    await new Promise((ok) => silent?.close(ok))
    await services?.servers.close()
    await sshd?.stop()
    await nginx?.stop()
    await fpm?.stop()
    home.remove()
  })

  const url = (port: string, path: string): string => `http://127.0.0.1:${nginx.ports[port]}${path}`

  it("tells nginx's own 301 (front end, fast) from the final page", async () => {
    const hops = await traceRedirects(url('http', '/old'), { repeat: 5 })
    expect(hops.map((h) => [h.status, h.origin])).toEqual([
      [301, 'frontend'],
      [200, null],
    ])
    expect(hops[0]!.location).toBe(url('http', '/new'))
    expect(hops[0]!.ttfbMs).toBeLessThan(50)
    expect(hops[0]!.server).toMatch(/^nginx/)
    expect(hops[0]!.evidence.join('\n')).toContain('Browsers keep a permanent redirect')
    expect(hops[1]!.url).toBe(url('http', '/new'))
  })

  it('recognises the HTTP → HTTPS rule and reads the HTTPS hop with its TLS time and HSTS', async () => {
    const hops = await traceRedirects(url('plain', '/shop/?t=1'), { repeat: 3, insecure: true })
    expect(hops.map((h) => [h.status, h.origin])).toEqual([
      [301, 'frontend'],
      [200, null],
    ])
    expect(hops[0]!.evidence).toContain('HTTP → HTTPS on the same address: the front end’s rule')
    expect(hops[1]!.url).toBe(`https://127.0.0.1:${nginx.ports.https}/shop/?t=1`)
    expect(hops[1]!.tlsMs).toBeGreaterThan(0)
    expect(hops[1]!.hsts).toBe('max-age=31536000')
    // Without --insecure, the self-signed certificate is refused with a clear reason: the
    // redirect to it is kept, and says where it led and why that failed.
    const refused = await traceRedirects(url('plain', '/'), { repeat: 1 })
    expect(refused).toHaveLength(1)
    expect(refused[0]!.status).toBe(301)
    expect(refused[0]!.evidence.at(-1)).toMatch(
      /^The next hop, https:\/\/127\.0\.0\.1:\d+\/, could not be reached: .*certificate/i,
    )
    // A first hop that fails is the trace's failure.
    await expect(
      traceRedirects(`https://127.0.0.1:${nginx.ports.https}/`, { repeat: 1 }),
    ).rejects.toThrow(/certificate/i)
  })

  it("tells a PHP redirect (over 250 ms) and WordPress's X-Redirect-By as the application", async () => {
    const slow = await traceRedirects(url('http', '/slow-redirect.php'), { repeat: 3 })
    expect(slow.map((h) => [h.status, h.origin])).toEqual([
      [302, 'application'],
      [200, null],
    ])
    expect(slow[0]!.ttfbMs).toBeGreaterThan(250)
    const wp = await traceRedirects(url('http', '/wp-redirect.php'), { repeat: 1 })
    expect(wp[0]!.origin).toBe('application')
    expect(wp[0]!.evidence[0]).toContain('X-Redirect-By: WordPress')
  })

  it('gives a timeout verdict, not a hang, when the server never answers', async () => {
    const started = Date.now()
    await expect(
      probe(`http://127.0.0.1:${silentPort}/`, { timeoutMs: 1500 }),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringMatching(/IDS banned your IP/),
    })
    expect(Date.now() - started).toBeLessThan(5000)
  })

  it('finds the .htaccess rule that makes a redirect', () => {
    const htaccess = [
      '# shop rules',
      'RewriteEngine On',
      'RewriteCond %{HTTPS} off',
      'RewriteRule ^old-shop/(.*)$ /shop/$1 [R=301,L]',
      'Redirect 302 /promo /sales',
      'RewriteRule ^index\\.php$ - [L]',
    ].join('\n')
    expect(matchHtaccess('/var/www/site/.htaccess', htaccess, '/old-shop/cart')).toEqual({
      file: '/var/www/site/.htaccess',
      line: 4,
      rule: 'RewriteRule ^old-shop/(.*)$ /shop/$1 [R=301,L]',
    })
    expect(matchHtaccess('f', htaccess, '/promo/summer')?.line).toBe(5)
    expect(matchHtaccess('f', htaccess, '/index.php')).toBeNull()
  })

  it('twb http trace: JSON hops, a preprod login from the environment, never on the command line', () => {
    const home = tempDir('http-cli')
    try {
      const twb = cliRunner(home.path, { PREPROD_PW: 'Pr3view!' })
      const r = twb('http', 'trace', url('http', '/old'), '--json', '--repeat', '2')
      expect(r.code).toBe(0)
      const { hops } = JSON.parse(r.out) as { hops: { status: number; origin: string | null }[] }
      expect(hops.map((h) => [h.status, h.origin])).toEqual([
        [301, 'frontend'],
        [200, null],
      ])
      // The preprod page wants its login: 401 without, the redirect with it.
      const denied = JSON.parse(twb('http', 'trace', url('http', '/private'), '--json').out) as {
        hops: { status: number }[]
      }
      expect(denied.hops.map((h) => h.status)).toEqual([401])
      const login = twb(
        'http',
        'trace',
        url('http', '/private'),
        '--user',
        'preview',
        '--password-env',
        'PREPROD_PW',
      )
      expect(login.code).toBe(0)
      expect(login.out).toMatch(/^1\. 302 http:\S+\/private → \/new\n/)
      expect(login.out).toContain('2. 200 ')
      expect(login.out).not.toContain('Pr3view!')
      // A link with the login in it works too, and the password is not printed back.
      const link = `http://preview:Pr3view!@127.0.0.1:${nginx.ports.http}/private`
      const linked = twb('http', 'trace', link)
      expect(linked.out).toContain('1. 302 ')
      expect(linked.out).not.toContain('Pr3view!')
      expect(twb('http', 'trace', 'ftp://x').err).toContain('Only http:// and https://')
      const silentRun = twb('http', 'trace', `http://127.0.0.1:${silentPort}/`, '--timeout', '1')
      expect(silentRun.code).not.toBe(0)
      expect(silentRun.err).toContain('IDS banned your IP')
    } finally {
      home.remove()
    }
  })

  it('tells a WebP substitution and a browser cache (expires) of an image', async () => {
    const d = await cacheDiagnosis(url('http', '/img/photo.jpg'))
    expect(d.fetches.map((f) => [f.variant, f.status, f.headers['content-type']])).toEqual([
      ['plain', 200, 'image/jpeg'],
      ['busted', 200, 'image/jpeg'],
      ['webp', 200, 'image/webp'],
      ['webp-busted', 200, 'image/webp'],
    ])
    expect(d.verdicts.map((v) => v.kind)).toEqual(['webp', 'browser'])
    expect(d.verdicts[1]!.why).toContain('30 days')
    expect(d.verdicts[0]!.next).toContain('.webp variant')
    expect(d.media).toBe(false)
  })

  it('tells a CDN serving an old copy from the origin, and says when nothing is cached', async () => {
    const stale = await cacheDiagnosis(url('http', '/page'))
    expect(stale.verdicts[0]).toMatchObject({ kind: 'cdn' })
    expect(stale.verdicts[0]!.why).toContain('Age: 120 s')
    const fresh = await cacheDiagnosis(url('http', '/new'))
    expect(fresh.verdicts.map((v) => v.kind)).toEqual(['origin'])
  })

  it('ban check: dropped from here but fine from the server means the IDS banned you', async () => {
    const fromServer = curlFromServer(services.servers.sshTarget('web'), 3)
    const banned = await banCheck(url('http', '/guarded'), { timeoutMs: 3000, fromServer })
    expect(banned.local.status).toBeNull()
    expect(banned.remote).toEqual({ status: 200, error: null })
    expect(banned.verdict).toBe('banned')
    expect(banned.explanation).toContain('whitelisted in the manager')
    // Through the service: the address to whitelist, as the server sees this computer (SSH_CLIENT).
    const viaCli = cliRunner(home.path)(
      'http',
      'ban',
      '--server',
      'web',
      url('http', '/guarded'),
      '--json',
    )
    expect((JSON.parse(viaCli.out) as BanCheck).clientIp).toBe('127.0.0.1')
    const fine = await banCheck(url('http', '/new'), { fromServer })
    expect(fine.verdict).toBe('not-banned')
    const down = await banCheck(`http://127.0.0.1:${silentPort}/`, { timeoutMs: 1000, fromServer })
    expect(down.verdict).toBe('site-down')
    // The preprod login reaches curl through its environment, not its command line.
    const login = await banCheck(url('http', '/private'), {
      auth: { login: 'preview', password: 'Pr3view!' },
      fromServer,
    })
    expect(login.local.status).toBe(302)
    expect(login.remote).toEqual({ status: 302, error: null })
  })

  it("never puts the preprod password on the server's curl command line", async () => {
    const fromServer = curlFromServer(services.servers.sshTarget('web'), 30)
    const asking = fromServer(url('http', '/held'), { login: 'preview', password: 'Pr3view!' })
    // The server is this machine: its curl is in /proc while the page holds the answer.
    let pid: number | undefined
    await waitFor('the server-side curl', () => {
      pid = processesWith('curl').find((p) =>
        readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('/held'),
      )
      return pid !== undefined
    })
    const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8')
    writeFileSync(join(fpm.site, 'release'), '')
    expect(argv).toContain('/held')
    expect(argv).not.toContain('Pr3view!')
    expect(argv).not.toContain('preview:')
    expect(await asking).toEqual({ status: 200, error: null })
    // Quotes, backslashes and spaces reach curl intact through its config syntax.
    expect(
      await fromServer(url('http', '/held'), { login: 'odd', password: 'p"a\\ss $x' }),
    ).toEqual({
      status: 200,
      error: null,
    })
    expect(await fromServer(url('http', '/held'), { login: 'odd', password: 'wrong' })).toEqual({
      status: 401,
      error: null,
    })
  })

  it("joins a probe with the server's own log line of it, by the token in its URL", async () => {
    const logs = logGrep(services.servers.sshTarget('web'), [join(nginx.dir, 'logs', 'access.log')])
    const hops = await traceRedirects(url('http', '/old'), { repeat: 2, logsFor: logs })
    expect(hops[0]!.evidence).toContain(
      `${join(nginx.dir, 'logs', 'access.log')}: the web server logged it (301)`,
    )
    expect(hops[1]!.evidence).toContain(
      `${join(nginx.dir, 'logs', 'access.log')}: the web server logged it (200)`,
    )
    // HAProxy's lines (the demo's real ones): a redirect it made itself, a 408 at the front.
    const own = readProbeLines([
      {
        file: '/var/log/haproxy.log',
        line: '2026-11-28T14:20:35+01:00 localhost haproxy[17461]: 127.0.0.1:50286 [28/Nov/2026:14:20:35.798] fe_web fe_web/<NOSRV> 0/-1/-1/-1/0 301 120 - - LR-- 2/2/0/0/0 0/0 "GET /?t=twb1 HTTP/1.1"',
      },
    ])
    expect(own.haproxyItself).toBe(true)
    expect(own.evidence[0]).toContain('HAProxy answered it itself (frontend fe_web, 301')
    const timeout = readProbeLines([
      {
        file: 'h',
        line: '2026-11-28T14:20:35+01:00 localhost haproxy[17461]: 127.0.0.1:50286 [28/Nov/2026:14:20:30.798] fe_web fe_web/<NOSRV> -1/-1/-1/-1/5001 408 0 - - cR-- 2/2/0/0/0 0/0 "<BADREQ>"',
      },
    ])
    expect(timeout.haproxyItself).toBe(false)
    expect(timeout.evidence[0]).toContain('a ban or a slow client')
    const passed = readProbeLines([
      {
        file: 'h',
        line: '2026-11-28T14:22:35+01:00 localhost haproxy[17461]: 127.0.0.1:46924 [28/Nov/2026:14:22:35.192] fe_web be_nginx/nginx1 0/0/0/16/23 302 304 - - ---- 2/2/0/0/0 0/0 {127.0.0.1:8081|} "GET /x?t=twb2 HTTP/1.1"',
      },
    ])
    expect(passed.evidence).toEqual(['h: HAProxy passed it to be_nginx/nginx1 (302)'])
  })
})
