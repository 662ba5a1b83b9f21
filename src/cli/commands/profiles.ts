// twb cachegrind.
import { parseArgs } from 'node:util'
import { localSource } from '../../main/services/platform'
import { parseProfile } from '../../main/services/profiles'
import { timeUnitNs } from '../../core/profiles'
import { UsageError, CliError, positionals, type Io } from '../common'

export async function cachegrind(args: string[], io: Io): Promise<number> {
  const [sub, ...rest] = args
  if (sub !== 'summary') throw new UsageError('expected "twb cachegrind summary FILE"')
  const { values, positionals: pos } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { top: { type: 'string' }, json: { type: 'boolean' } },
  })
  const [file] = positionals(pos, 1, 'one profile FILE')
  const top = values.top === undefined ? (values.json ? Infinity : 25) : Number(values.top)
  if (!(top > 0)) throw new UsageError('--top takes a positive number')
  let model
  try {
    model = await parseProfile(localSource(file!))
  } catch (err) {
    throw new CliError((err as Error).message, 1)
  }
  const functions = [...model.functions].sort(
    (a, b) => (b.self[0] ?? 0) - (a.self[0] ?? 0) || (a.name < b.name ? -1 : 1),
  )
  const byEvent = (values: number[]): Record<string, number> =>
    Object.fromEntries(model.events.map((e, i) => [e, values[i] ?? 0]))
  if (model.truncated) {
    io.err(`twb: ${file}: line ${model.truncated.line}: ${model.truncated.message}\n`)
  }
  if (values.json) {
    const summary = {
      events: model.events,
      totals: byEvent(model.totals),
      cmd: model.cmd ?? null,
      creator: model.creator ?? null,
      runs: model.runs,
      exactTree: model.tree !== null,
      ...(model.treeIssue ? { treeIssue: model.treeIssue } : {}),
      ...(model.truncated ? { truncated: model.truncated } : {}),
      functions: functions.slice(0, top).map((f) => ({
        name: f.name,
        file: f.file,
        calls: f.calls,
        self: byEvent(f.self),
        inclusive: byEvent(f.inclusive),
      })),
    }
    io.out(JSON.stringify(summary, null, 2) + '\n')
    return model.truncated ? 1 : 0
  }
  const unit = timeUnitNs(model.events[0] ?? '')
  const show = (v: number): string =>
    unit === null ? v.toLocaleString('en-US') : `${((v * unit) / 1e6).toFixed(3)} ms`
  const total = model.totals[0] ?? 0
  const pct = (v: number): string => `${((v / Math.max(1, total)) * 100).toFixed(2).padStart(6)}%`
  io.out(`${model.cmd ?? file}\n${model.creator ?? ''}  events: ${model.events.join(' ')}\n`)
  io.out(`total ${show(total)} (${model.events[0]})\n\n`)
  io.out(
    `${'self'.padStart(14)} ${'%'.padStart(7)} ${'inclusive'.padStart(14)} ${'calls'.padStart(9)}  function\n`,
  )
  for (const f of functions.slice(0, top)) {
    io.out(
      `${show(f.self[0] ?? 0).padStart(14)} ${pct(f.self[0] ?? 0)} ${show(f.inclusive[0] ?? 0).padStart(14)} ${String(f.calls).padStart(9)}  ${f.name}${f.file && !f.name.includes(f.file) ? `  (${f.file})` : ''}\n`,
    )
  }
  if (!model.tree && model.treeIssue) io.err(`note: call tree not exact (${model.treeIssue})\n`)
  return model.truncated ? 1 : 0
}
