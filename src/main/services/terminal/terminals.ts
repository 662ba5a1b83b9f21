import { randomUUID } from 'node:crypto'
import { EventEmitter } from 'node:events'
import { StringDecoder } from 'node:string_decoder'
import type { ClientChannel } from 'ssh2'
import type { TerminalInfo } from '../../../shared/api'
import { ServiceError } from '../platform'
import type { SshTarget } from '../platform'

/** Output kept per terminal to repaint it when a window reloads. */
const REPLAY_CHARS = 256 * 1024
/** Output is sent at most this often (a fast `cat` must not become a message per chunk). */
const FLUSH_MS = 16
/** A terminal nobody has watched for this long is closed. */
const IDLE_MS = 30 * 60 * 1000

interface Terminal {
  info: TerminalInfo
  channel: ClientChannel
  replay: string
  pending: string
  timer: NodeJS.Timeout | null
  watchers: number
  idle: NodeJS.Timeout | null
}

/**
 * Interactive shells over the servers' SSH connections. They belong to the process, not to a
 * window, so a renderer reload reattaches to them with their recent output. Emits `data`
 * (term, text) and `exit` (term, message).
 */
export class TerminalManager extends EventEmitter {
  private readonly terms = new Map<string, Terminal>()

  async open(
    server: string,
    label: string,
    target: SshTarget,
    cols: number,
    rows: number,
  ): Promise<TerminalInfo> {
    const client = await target.connect()
    const channel = await new Promise<ClientChannel>((resolve, reject) => {
      client.shell({ term: 'xterm-256color', cols, rows }, (err, ch) => {
        if (err) reject(new ServiceError('IO', `The server refused a shell: ${err.message}`))
        else resolve(ch)
      })
    })
    const count = [...this.terms.values()].filter((t) => t.info.server === server).length
    const term: Terminal = {
      info: { term: randomUUID(), server, title: `${label} ${count + 1}`, createdAt: Date.now() },
      channel,
      replay: '',
      pending: '',
      timer: null,
      watchers: 0,
      idle: null,
    }
    this.terms.set(term.info.term, term)
    const decoder = new StringDecoder('utf8')
    const onData = (b: Buffer): void => this.output(term, decoder.write(b))
    channel.on('data', onData)
    channel.stderr.on('data', onData)
    channel.once('close', () => {
      this.flush(term)
      this.terms.delete(term.info.term)
      if (term.idle) clearTimeout(term.idle)
      this.emit('exit', term.info.term, 'The shell ended.')
    })
    return term.info
  }

  list(server: string): TerminalInfo[] {
    return [...this.terms.values()].filter((t) => t.info.server === server).map((t) => t.info)
  }

  /** A window starts watching: it gets the recent output to repaint. */
  attach(id: string): string {
    const term = this.get(id)
    term.watchers++
    if (term.idle) clearTimeout(term.idle)
    term.idle = null
    this.flush(term)
    return term.replay
  }

  detach(id: string): void {
    const term = this.terms.get(id)
    if (!term) return
    term.watchers = Math.max(0, term.watchers - 1)
    if (term.watchers === 0) {
      term.idle = setTimeout(() => this.close(id), IDLE_MS)
      term.idle.unref()
    }
  }

  input(id: string, data: string): void {
    this.get(id).channel.write(data)
  }

  resize(id: string, cols: number, rows: number): void {
    this.get(id).channel.setWindow(rows, cols, 0, 0)
  }

  close(id: string): void {
    const term = this.terms.get(id)
    if (!term) return
    term.channel.end()
    term.channel.close()
  }

  closeAll(): void {
    for (const id of [...this.terms.keys()]) this.close(id)
  }

  private get(id: string): Terminal {
    const term = this.terms.get(id)
    if (!term) throw new ServiceError('UNKNOWN_JOB', 'That terminal has ended.')
    return term
  }

  private output(term: Terminal, text: string): void {
    if (!text) return
    term.pending += text
    term.replay = (term.replay + text).slice(-REPLAY_CHARS)
    term.timer ??= setTimeout(() => this.flush(term), FLUSH_MS)
  }

  private flush(term: Terminal): void {
    if (term.timer) clearTimeout(term.timer)
    term.timer = null
    if (!term.pending) return
    const data = term.pending
    term.pending = ''
    this.emit('data', term.info.term, data)
  }
}
