// The terminal calls. A session sees the output of the terminals it opened or attached.
import type { TerminalCalls } from '../../../shared/api'
import {
  integer,
  object,
  sshServer,
  text,
  type CallHandlers,
  type SessionContext,
} from '../platform'
import type { TerminalManager } from './terminals'

export function terminalHandlers(
  ctx: SessionContext,
  terminals: TerminalManager,
): { handlers: CallHandlers<TerminalCalls>; dispose(): void } {
  const { servers, emit } = ctx
  const watching = new Set<string>()
  const onData = (term: string, data: string): void => {
    if (watching.has(term)) emit('term:data', { term, data })
  }
  const onExit = (term: string, message?: string): void => {
    if (!watching.delete(term)) return
    emit('term:exit', { term, ...(message ? { message } : {}) })
  }
  terminals.on('data', onData)
  terminals.on('exit', onExit)
  const handlers: CallHandlers<TerminalCalls> = {
    'term:open': async (req) => {
      const r = object(req)
      const server = sshServer(
        ctx,
        r,
        'The demo server has no shell: add an SSH server to open a terminal.',
      )
      const info = await terminals.open(
        server.id,
        server.name,
        servers.sshTarget(server.id),
        integer(r, 'cols', 80, 10, 1000),
        integer(r, 'rows', 24, 2, 500),
      )
      watching.add(info.term)
      terminals.attach(info.term)
      return info
    },
    'term:list': async (req) => terminals.list(servers.info(text(object(req), 'server')).id),
    'term:attach': async (req) => {
      const term = text(object(req), 'term')
      const replay = terminals.attach(term)
      if (watching.has(term)) terminals.detach(term)
      watching.add(term)
      return { replay }
    },
    'term:input': async (req) => {
      const r = object(req)
      terminals.input(text(r, 'term'), text(r, 'data', 1 << 20))
      return null
    },
    'term:resize': async (req) => {
      const r = object(req)
      terminals.resize(
        text(r, 'term'),
        integer(r, 'cols', 80, 10, 1000),
        integer(r, 'rows', 24, 2, 500),
      )
      return null
    },
    'term:close': async (req) => {
      terminals.close(text(object(req), 'term'))
      return null
    },
  }
  return {
    handlers,
    dispose() {
      terminals.off('data', onData)
      terminals.off('exit', onExit)
      for (const term of watching) terminals.detach(term)
      watching.clear()
    },
  }
}
