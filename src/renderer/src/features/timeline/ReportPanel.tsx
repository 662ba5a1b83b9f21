import type { ServerInfo, Timeline } from '../../../../shared/api'
import { reportHtml, reportMarkdown, type IncidentReport } from '../../../../core/timeline'
import { useClock } from '../../clock'
import { serverZoneName } from '../../../../core/text'
import { useI18n } from '../../i18n'
import type { Mark } from './RecordList'

/** The strips as a standalone SVG: the theme's colours written in, light text on nothing made dark. */
function stripsDocument(svg: SVGSVGElement | null): string | undefined {
  if (!svg) return undefined
  const copy = svg.cloneNode(true) as SVGSVGElement
  const originals = svg.querySelectorAll('[class]')
  copy.querySelectorAll('[class]').forEach((el, i) => {
    const style = getComputedStyle(originals[i]!)
    el.setAttribute('fill', el.tagName === 'text' ? '#1c2430' : style.fill)
    if (style.stroke !== 'none') el.setAttribute('stroke', style.stroke)
    if (style.opacity !== '1') el.setAttribute('opacity', style.opacity)
    el.removeAttribute('class')
  })
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg')
  copy.removeAttribute('width')
  const bg = document.createElementNS('http://www.w3.org/2000/svg', 'rect')
  bg.setAttribute('width', '100%')
  bg.setAttribute('height', '100%')
  bg.setAttribute('fill', '#ffffff')
  copy.insertBefore(bg, copy.firstChild)
  return new XMLSerializer().serializeToString(copy)
}

function save(name: string, type: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }))
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 60_000)
}

/**
 * The marked records, the incident's own note, and the report: Markdown or one self-contained
 * HTML file, with the window, the strips, the marked records and their notes.
 */
export function ReportPanel({
  server,
  result,
  marks,
  labels,
  note,
  setNote,
  strips,
}: {
  server: ServerInfo
  result: Timeline
  marks: ReadonlyMap<number, Mark>
  labels: Map<string, string>
  note: string
  setNote(note: string): void
  strips: React.RefObject<SVGSVGElement | null>
}): React.JSX.Element {
  const { t } = useI18n()
  const clock = useClock()
  const build = (): IncidentReport => {
    const from = Date.parse(result.from)
    return {
      title: t('timeline.report.title', { server: server.name, at: clock.format(from, 'minute') }),
      server: server.name,
      from,
      to: Date.parse(result.to),
      zone:
        clock.mode === 'server' && clock.server
          ? serverZoneName(clock.server, from)
          : (clock.zone.name ?? clock.zoneShort),
      note,
      marked: [...marks.keys()]
        .sort((a, b) => a - b)
        .map((i) => {
          const { record, note: own } = marks.get(i)!
          return {
            record,
            label: labels.get(record.source) ?? record.source,
            ...(own ? { note: own } : {}),
          }
        }),
      sources: result.sources.map((s) => ({
        label: s.label,
        path: s.path,
        records: s.records,
        ...(s.error ? { error: s.error } : {}),
      })),
      ...(strips.current ? { stripsSvg: stripsDocument(strips.current)! } : {}),
      written: Date.now(),
    }
  }
  const at = (ms: number, precise: boolean): string => clock.format(ms, precise ? 'ms' : 'second')
  const stem = `incident-${server.name.replace(/[^\w.-]+/g, '_')}-${clock.wall(Date.parse(result.from), 'minute').replace(/[: ]/g, '-')}`
  return (
    <details className="timeline-report" data-testid="timeline-report">
      <summary>{t('timeline.report', { n: marks.size })}</summary>
      <textarea
        rows={3}
        placeholder={t('timeline.report.note')}
        aria-label={t('timeline.report.note')}
        value={note}
        onChange={(e) => setNote(e.target.value)}
      />
      <div className="toolbar">
        <button
          type="button"
          onClick={() => save(`${stem}.md`, 'text/markdown', reportMarkdown(build(), at))}
        >
          {t('timeline.report.markdown')}
        </button>
        <button
          type="button"
          onClick={() => save(`${stem}.html`, 'text/html', reportHtml(build(), at))}
        >
          {t('timeline.report.html')}
        </button>
        {marks.size === 0 && <span className="muted small">{t('timeline.report.none')}</span>}
      </div>
    </details>
  )
}
