import { useEffect, useRef, useState } from 'react'
import { Terminal } from '@xterm/xterm'
import { FitAddon } from '@xterm/addon-fit'
import { SearchAddon } from '@xterm/addon-search'
import '@xterm/xterm/css/xterm.css'
import type { ServerInfo, TerminalInfo } from '../../../../shared/api'
import { useApi } from '../../api/context'
import { ErrorBanner } from '../../components/ErrorBanner'
import { useI18n } from '../../i18n'

/** Shell tabs on an SSH server; they live in the service and survive a reload of the window. */
export function TerminalView({ server }: { server: ServerInfo }): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const [terms, setTerms] = useState<TerminalInfo[] | null>(null)
  const [active, setActive] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)

  const open = async (): Promise<void> => {
    const r = await api.call('term:open', { server: server.id, cols: 120, rows: 32 })
    if (!r.ok) return setError(r.error.message)
    setTerms((list) => [...(list ?? []), r.value])
    setActive(r.value.term)
  }

  useEffect(() => {
    void api.call('term:list', { server: server.id }).then(async (r) => {
      if (!r.ok) return setError(r.error.message)
      setTerms(r.value)
      setActive(r.value[0]?.term ?? null)
      // Opening the section is asking for a shell: one opens by itself when none is open.
      if (r.value.length === 0 && server.kind === 'ssh') {
        const opened = await api.call('term:open', { server: server.id, cols: 120, rows: 32 })
        if (!opened.ok) return setError(opened.error.message)
        setTerms([opened.value])
        setActive(opened.value.term)
      }
    })
  }, [api, server.id, server.kind])

  useEffect(
    () =>
      api.on('term:exit', (e) => {
        setTerms((list) => (list ? list.filter((x) => x.term !== e.term) : list))
      }),
    [api],
  )

  const current = terms?.find((x) => x.term === active) ?? terms?.[0] ?? null
  return (
    <div className="column">
      <div className="toolbar term-tabs" role="tablist" aria-label={t('section.terminal')}>
        {(terms ?? []).map((x) => (
          <span key={x.term} className={`term-tab ${x.term === current?.term ? 'active' : ''}`}>
            <button
              type="button"
              role="tab"
              aria-selected={x.term === current?.term}
              className="ghost"
              onClick={() => setActive(x.term)}
            >
              {x.title}
            </button>
            <button
              type="button"
              className="ghost close"
              aria-label={t('terminal.close')}
              onClick={() => void api.call('term:close', { term: x.term })}
            >
              ×
            </button>
          </span>
        ))}
        <button type="button" onClick={() => void open()}>
          + {t('terminal.new')}
        </button>
      </div>
      {error && <ErrorBanner message={error} onClose={() => setError(null)} />}
      {server.role === 'production' && (
        <div className="banner prod" role="note" data-testid="terminal-production">
          {t('terminal.production', { name: server.name })}
        </div>
      )}
      {current ? (
        <XtermPane key={current.term} term={current.term} />
      ) : (
        terms && <div className="empty">{t('terminal.none')}</div>
      )}
    </div>
  )
}

function XtermPane({ term }: { term: string }): React.JSX.Element {
  const api = useApi()
  const { t } = useI18n()
  const host = useRef<HTMLDivElement>(null)
  const search = useRef<SearchAddon | null>(null)
  const [query, setQuery] = useState('')

  useEffect(() => {
    if (!host.current) return
    const dark = document.documentElement.dataset.theme === 'dark'
    const xterm = new Terminal({
      scrollback: 10_000,
      fontFamily: 'ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace',
      fontSize: 13,
      cursorBlink: true,
      theme: dark
        ? { background: '#11151b' }
        : {
            background: '#ffffff',
            foreground: '#1c2430',
            cursor: '#1c2430',
            selectionBackground: '#c8d8f8',
          },
    })
    const fit = new FitAddon()
    const finder = new SearchAddon()
    xterm.loadAddon(fit)
    xterm.loadAddon(finder)
    search.current = finder
    xterm.open(host.current)
    // Ctrl+Shift+C / Ctrl+Shift+V copy and paste, as in desktop terminals.
    xterm.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown' || !e.ctrlKey || !e.shiftKey) return true
      if (e.code === 'KeyC') {
        void navigator.clipboard?.writeText(xterm.getSelection())
        return false
      }
      if (e.code === 'KeyV') {
        void navigator.clipboard?.readText().then((text) => xterm.paste(text))
        return false
      }
      return true
    })
    let live = true
    // Output sent before the attach answer is already part of the replay: skip it until then.
    let replayed = false
    const off = api.on('term:data', (e) => {
      if (e.term === term && replayed) xterm.write(e.data)
    })
    const offExit = api.on('term:exit', (e) => {
      if (e.term === term) xterm.write(`\r\n[${e.message ?? 'exit'}]\r\n`)
    })
    void api.call('term:attach', { term }).then((r) => {
      replayed = true
      if (live && r.ok) xterm.write(r.value.replay)
    })
    const input = xterm.onData((data) => void api.call('term:input', { term, data }))
    const resize = (): void => {
      fit.fit()
      void api.call('term:resize', { term, cols: xterm.cols, rows: xterm.rows })
    }
    const observer = new ResizeObserver(() => resize())
    observer.observe(host.current)
    resize()
    xterm.focus()
    return () => {
      live = false
      off()
      offExit()
      input.dispose()
      observer.disconnect()
      xterm.dispose()
    }
  }, [api, term])

  return (
    <div className="xterm-wrap">
      <div className="toolbar">
        <input
          className="filter"
          type="search"
          placeholder={t('terminal.search')}
          aria-label={t('terminal.search')}
          value={query}
          onChange={(e) => {
            setQuery(e.target.value)
            search.current?.findNext(e.target.value, { incremental: true })
          }}
          onKeyDown={(e) => e.key === 'Enter' && search.current?.findNext(query)}
        />
        <span className="muted">{t('terminal.hint')}</span>
      </div>
      <div ref={host} className="xterm-host" data-testid="xterm" />
    </div>
  )
}
