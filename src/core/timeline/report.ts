// An incident report from a timeline (issue #21): the window, the density strips as an image,
// the records the user marked with their notes, the sources read — as Markdown and as one
// self-contained HTML file (no link to anything: it is mailed, attached to a ticket, archived).
import type { TimelineRecord } from '../../shared/timeline'
import { recordWhat } from './records'

export interface ReportRecord {
  record: TimelineRecord
  /** The source's short name. */
  label: string
  note?: string
}

export interface IncidentReport {
  title: string
  server: string
  from: number
  to: number
  /** The zone the times are written in, as the app names it (`Europe/Paris (UTC+01:00)`). */
  zone: string
  /** The user's own words on the incident. */
  note: string
  marked: ReportRecord[]
  sources: { label: string; path: string; records: number; error?: string }[]
  /** The density strips as an SVG document, when there is one. */
  stripsSvg?: string
  /** When it was written (epoch ms). */
  written: number
}

/** How the report writes an instant: with its zone, to the ms when the record has them. */
export type InstantFormat = (ms: number, precise: boolean) => string

/** `text` as inline code, whatever backticks it holds. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((m) => m.length))
  const fence = '`'.repeat(longest + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${text}${pad}${fence}`
}

/** `text` as a fenced block, whatever fences it holds. */
function block(text: string): string {
  const longest = Math.max(2, ...(text.match(/`{3,}/g) ?? []).map((m) => m.length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}\n${text}\n${fence}`
}

export function reportMarkdown(r: IncidentReport, at: InstantFormat): string {
  const out = [
    `# ${r.title}`,
    '',
    `- Server: ${r.server}`,
    `- Window: ${at(r.from, false)} – ${at(r.to, false)} (times in ${r.zone})`,
    `- Written: ${at(r.written, false)}`,
    '',
  ]
  if (r.note.trim()) out.push('## Notes', '', r.note.trim(), '')
  if (r.stripsSvg) {
    const data = base64(r.stripsSvg)
    out.push(
      '## Density per source',
      '',
      `![Density per source](data:image/svg+xml;base64,${data})`,
      '',
    )
  }
  out.push(`## Marked records (${r.marked.length})`, '')
  for (const m of r.marked) {
    out.push(
      `- **${at(m.record.time, m.record.ms)}** ${code(m.label)} ${recordWhat(m.record)} — ${code(m.record.text)}`,
    )
    if (m.note?.trim()) out.push('', `  > ${m.note.trim().replace(/\n/g, '\n  > ')}`)
    if (m.record.more?.length)
      out.push(
        '',
        ...block(m.record.more.join('\n'))
          .split('\n')
          .map((l) => `  ${l}`),
      )
    out.push(`  <sub>${m.record.file}</sub>`)
  }
  out.push('', '## Sources read', '')
  for (const s of r.sources)
    out.push(
      `- ${code(s.label)} ${s.path}: ${s.error ? `not read (${s.error})` : `${s.records} records`}`,
    )
  return out.join('\n') + '\n'
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}
const esc = (text: string): string => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)

export function reportHtml(r: IncidentReport, at: InstantFormat): string {
  const rows = r.marked
    .map(
      (m) =>
        `<tr class="${esc(m.record.kind)}"><td class="t">${esc(at(m.record.time, m.record.ms))}</td><td>${esc(m.label)}</td><td>${esc(recordWhat(m.record))}</td><td><code>${esc(m.record.text)}</code>${
          m.note?.trim() ? `<blockquote>${esc(m.note.trim())}</blockquote>` : ''
        }${m.record.more?.length ? `<pre>${esc(m.record.more.join('\n'))}</pre>` : ''}<div class="f">${esc(m.record.file)}</div></td></tr>`,
    )
    .join('\n')
  const sources = r.sources
    .map(
      (s) =>
        `<li><code>${esc(s.label)}</code> ${esc(s.path)}: ${s.error ? `not read (${esc(s.error)})` : `${s.records} records`}</li>`,
    )
    .join('\n')
  // The strips: the SVG as an image (a data URI), so that nothing in it can run.
  const strips = r.stripsSvg
    ? `<h2>Density per source</h2><img alt="Density per source" src="data:image/svg+xml;base64,${base64(r.stripsSvg)}">`
    : ''
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${esc(r.title)}</title>
<style>
body{font:14px system-ui,sans-serif;margin:24px;color:#1c2430}
table{border-collapse:collapse;width:100%}td{border-top:1px solid #d9dee6;padding:4px 8px;vertical-align:top}
.t{white-space:nowrap;font-family:monospace}pre,code{font-family:monospace;white-space:pre-wrap;word-break:break-all}
pre{background:#f6f7f9;padding:6px;margin:4px 0}blockquote{margin:4px 0;padding-left:8px;border-left:3px solid #2f6fde}
.f{color:#66717f;font-size:12px}img{max-width:100%;border:1px solid #d9dee6}
</style></head><body>
<h1>${esc(r.title)}</h1>
<ul><li>Server: ${esc(r.server)}</li><li>Window: ${esc(at(r.from, false))} – ${esc(at(r.to, false))} (times in ${esc(r.zone)})</li><li>Written: ${esc(at(r.written, false))}</li></ul>
${r.note.trim() ? `<h2>Notes</h2><p>${esc(r.note.trim()).replace(/\n/g, '<br>')}</p>` : ''}
${strips}
<h2>Marked records (${r.marked.length})</h2>
<table><tbody>
${rows}
</tbody></table>
<h2>Sources read</h2><ul>
${sources}
</ul></body></html>
`
}

/** UTF-8 text as base64 (no Buffer or btoa here: core runs anywhere). */
function base64(text: string): string {
  const bytes = new TextEncoder().encode(text)
  const abc = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
  let out = ''
  for (let i = 0; i < bytes.length; i += 3) {
    const [a, b, c] = [bytes[i]!, bytes[i + 1], bytes[i + 2]]
    const n = (a << 16) | ((b ?? 0) << 8) | (c ?? 0)
    out += abc[(n >> 18) & 63]! + abc[(n >> 12) & 63]!
    out += b === undefined ? '=' : abc[(n >> 6) & 63]!
    out += c === undefined ? '=' : abc[n & 63]!
  }
  return out
}
