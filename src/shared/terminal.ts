// Interactive shells on a server (xterm in the UI).

export interface TerminalInfo {
  term: string
  server: string
  title: string
  createdAt: number
}

/** Terminals: opened per server, attached by any client, fed and resized by id. */
export interface TerminalCalls {
  'term:open': { req: { server: string; cols: number; rows: number }; res: TerminalInfo }
  'term:list': { req: { server: string }; res: TerminalInfo[] }
  'term:attach': { req: { term: string }; res: { replay: string } }
  'term:input': { req: { term: string; data: string }; res: null }
  'term:resize': { req: { term: string; cols: number; rows: number }; res: null }
  'term:close': { req: { term: string }; res: null }
}
