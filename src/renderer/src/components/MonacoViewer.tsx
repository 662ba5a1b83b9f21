import { useEffect, useRef } from 'react'
import * as monaco from 'monaco-editor/editor'
import 'monaco-editor/languages/definitions/php/register'
import 'monaco-editor/languages/definitions/mysql/register'
import 'monaco-editor/languages/definitions/ini/register'
import 'monaco-editor/languages/definitions/shell/register'
import EditorWorker from 'monaco-editor/editor/editor.worker?worker'
import './monaco-features'
import { registerHostingLanguages } from './monaco-languages'

self.MonacoEnvironment = { getWorker: () => new EditorWorker() }
registerHostingLanguages()

export function languageFor(path: string): string {
  const name = path.slice(path.lastIndexOf('/') + 1).toLowerCase()
  if (/\.(php|phtml|inc)$/.test(name)) return 'php'
  if (/\.sql$/.test(name)) return 'mysql'
  if (/\.log(\.\d+)?$/.test(name) || path.startsWith('/var/log/')) return 'weblog'
  if (name === '.htaccess' || /^(apache|httpd)/.test(name) || path.includes('/apache2/'))
    return 'apache'
  if (name.startsWith('nginx') || path.includes('/nginx/')) return 'nginx'
  if (/\.(ini|conf|cnf)$/.test(name) || name === '.user.ini') return 'ini'
  if (/\.(sh|bash)$/.test(name)) return 'shell'
  return 'plaintext'
}

/** A read-only Monaco editor with highlighting chosen from the file name. */
interface MonacoViewerProps {
  path: string
  text: string
  /** Editing is opt-in: read-only unless set. */
  editable?: boolean
  onChange?(text: string): void
  onSave?(): void
  /** A line to show and highlight (1-based). */
  line?: number
  /** Notes shown at the end of lines (1-based line → text), e.g. the cost of the calls made there. */
  notes?: Map<number, string>
}

export function MonacoViewer({
  path,
  text,
  editable = false,
  onChange,
  onSave,
  line,
  notes,
}: MonacoViewerProps): React.JSX.Element {
  const host = useRef<HTMLDivElement>(null)
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null)

  useEffect(() => {
    if (!host.current) return
    const dark = document.documentElement.dataset.theme === 'dark'
    editor.current = monaco.editor.create(host.current, {
      value: '',
      readOnly: true,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      theme: dark ? 'vs-dark' : 'vs',
      fontSize: 13,
      renderWhitespace: 'none',
    })
    return () => {
      editor.current?.getModel()?.dispose()
      editor.current?.dispose()
      editor.current = null
    }
  }, [])

  useEffect(() => {
    const ed = editor.current
    if (!ed) return
    const old = ed.getModel()
    ed.setModel(monaco.editor.createModel(text, languageFor(path)))
    old?.dispose()
  }, [path, text])

  useEffect(() => {
    const ed = editor.current
    const model = ed?.getModel()
    if (!ed || !model) return
    const lineCount = model.getLineCount()
    const decorations: monaco.editor.IModelDeltaDecoration[] = []
    if (line !== undefined && line >= 1 && line <= lineCount) {
      decorations.push({
        range: new monaco.Range(line, 1, line, 1),
        options: {
          isWholeLine: true,
          className: 'monaco-line-hl',
          linesDecorationsClassName: 'monaco-line-hl-margin',
        },
      })
    }
    for (const [n, note] of notes ?? []) {
      if (n < 1 || n > lineCount) continue
      const end = model.getLineMaxColumn(n)
      decorations.push({
        range: new monaco.Range(n, 1, n, end),
        options: {
          isWholeLine: true,
          className: 'monaco-line-note',
          hoverMessage: { value: note },
          after: { content: `  ◂ ${note}`, inlineClassName: 'monaco-line-cost' },
        },
      })
    }
    const collection = ed.createDecorationsCollection(decorations)
    if (line !== undefined) {
      // A function with annotated calls: its first line near the top, the calls below it.
      if (notes && notes.size > 0) ed.revealLineNearTop(line)
      else ed.revealLineInCenter(line)
      ed.setPosition({ lineNumber: line, column: 1 })
    }
    return () => collection.clear()
  }, [path, text, line, notes])

  const handlers = useRef({ onChange, onSave })
  handlers.current = { onChange, onSave }
  useEffect(() => {
    const ed = editor.current
    if (!ed) return
    ed.updateOptions({ readOnly: !editable })
    const change = ed.onDidChangeModelContent(() => handlers.current.onChange?.(ed.getValue()))
    const save = ed.addAction({
      id: 'twb.save',
      label: 'Save',
      keybindings: [monaco.KeyMod.CtrlCmd | monaco.KeyCode.KeyS],
      run: () => handlers.current.onSave?.(),
    })
    return () => {
      change.dispose()
      save.dispose()
    }
  }, [editable])

  return <div ref={host} className="monaco" data-testid="monaco" />
}
