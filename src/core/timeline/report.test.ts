import { describe, expect, it } from 'vitest'
import type { TimelineRecord } from '../../shared/timeline'
import { reportHtml, reportMarkdown, type IncidentReport } from './report'

const rec = (over: Partial<TimelineRecord>): TimelineRecord => ({
  time: Date.parse('2026-11-28T13:22:07.867Z'),
  ms: true,
  source: '/var/log/haproxy/haproxy.log',
  file: '/var/log/haproxy/haproxy.log.1',
  kind: 'access',
  text: 'GET /x',
  ...over,
})

const report = (over: Partial<IncidentReport> = {}): IncidentReport => ({
  title: 'Incident on Shop',
  server: 'Shop',
  from: Date.parse('2026-11-28T13:20:00Z'),
  to: Date.parse('2026-11-28T13:30:00Z'),
  zone: 'Europe/Paris (UTC+01:00)',
  note: 'The admin e-mail was changed.',
  marked: [
    {
      record: rec({ status: 200, text: 'GET /wp-admin/?a=`x` <script>alert(1)</script>' }),
      label: 'haproxy/haproxy',
      note: 'the request\nthat did it',
    },
    {
      record: rec({
        kind: 'binlog',
        type: 'update',
        ms: false,
        time: Date.parse('2026-11-28T13:22:07Z'),
        text: "UPDATE shopdb.shop_options (1 row): UPDATE shop_options SET option_value='billing-desk@refund-payments.example'",
        more: ['row 1 before: {"@3":"shopadmin@example.test"}', '```'],
        file: '/var/log/mysql/mariadb-bin.000002',
      }),
      label: 'mysql/binlog',
    },
  ],
  sources: [
    { label: 'haproxy/haproxy', path: '/var/log/haproxy/haproxy.log', records: 12 },
    {
      label: 'nginx/error',
      path: '/var/log/nginx/error.log',
      records: 0,
      error: 'permission denied',
    },
  ],
  stripsSvg: '<svg xmlns="http://www.w3.org/2000/svg"><text>é</text></svg>',
  written: Date.parse('2026-11-28T14:00:00Z'),
  ...over,
})

// The app's clock gives this: an instant with its zone.
const at = (ms: number, precise: boolean): string =>
  new Date(ms + 3_600_000)
    .toISOString()
    .replace('T', ' ')
    .slice(0, precise ? 23 : 19) + ' +01:00'

describe('an incident report', () => {
  it('in Markdown: the window, the notes, the strips as an image, each marked record whole', () => {
    const md = reportMarkdown(report(), at)
    expect(md).toContain(
      '- Window: 2026-11-28 14:20:00 +01:00 – 2026-11-28 14:30:00 +01:00 (times in Europe/Paris (UTC+01:00))',
    )
    expect(md).toContain('## Marked records (2)')
    // A text with backticks stays one code span; the note is quoted, line by line.
    expect(md).toContain(
      '- **2026-11-28 14:22:07.867 +01:00** `haproxy/haproxy` 200 — ``GET /wp-admin/?a=`x` <script>alert(1)</script>``',
    )
    expect(md).toContain('  > the request\n  > that did it')
    // The folded lines in a fence longer than any they hold.
    expect(md).toContain('  ````\n  row 1 before: {"@3":"shopadmin@example.test"}\n  ```\n  ````')
    expect(md).toContain('- `nginx/error` /var/log/nginx/error.log: not read (permission denied)')
    const data = /data:image\/svg\+xml;base64,([A-Za-z0-9+/=]+)\)/.exec(md)![1]!
    expect(Buffer.from(data, 'base64').toString('utf8')).toBe(report().stripsSvg)
  })

  it('in HTML: one file that runs nothing, every text escaped', () => {
    const html = reportHtml(report(), at)
    expect(html).not.toContain('<script>')
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(html).toContain("default-src 'none'")
    expect(html).not.toMatch(/(src|href)="(?!data:)/)
    expect(html).toContain(
      '<td class="t">2026-11-28 14:22:07 +01:00</td><td>mysql/binlog</td><td>UPDATE</td>',
    )
    expect(html).toContain('<blockquote>the request\nthat did it</blockquote>')
    const data = /src="data:image\/svg\+xml;base64,([^"]+)"/.exec(html)![1]!
    expect(Buffer.from(data, 'base64').toString('utf8')).toBe(report().stripsSvg)
  })

  it('says when nothing was marked and there is no note', () => {
    const md = reportMarkdown(report({ marked: [], note: '', stripsSvg: undefined }), at)
    expect(md).toContain('## Marked records (0)')
    expect(md).not.toContain('## Notes')
    expect(md).not.toContain('data:image')
  })
})
