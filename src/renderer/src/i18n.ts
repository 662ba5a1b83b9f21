// The app's two languages. Each feature keeps its messages beside its views (messages.ts,
// English and French side by side); they are merged here into one dictionary per language.
import { createContext, useContext } from 'react'
import type { Locale } from '../../shared/api'
import type { Catalogue } from './i18n-types'
import { messages as app } from './messages'
import { messages as logs } from './features/logs/messages'
import { messages as slowlog } from './features/slowlog/messages'
import { messages as profiles } from './features/profiles/messages'
import { messages as binlog } from './features/binlog/messages'
import { messages as schema } from './features/schema/messages'
import { messages as files } from './features/files/messages'
import { messages as terminal } from './features/terminal/messages'
import { messages as http } from './features/http/messages'
import { messages as clone } from './features/clone/messages'
import { messages as backups } from './features/backups/messages'
import { messages as servers } from './features/servers/messages'
import { messages as preprod } from './features/preprod/messages'
import { messages as rights } from './features/rights/messages'
import { messages as timeline } from './features/timeline/messages'
import { messages as fleet } from './features/fleet/messages'

const CATALOGUE = {
  ...app,
  ...logs,
  ...slowlog,
  ...profiles,
  ...binlog,
  ...schema,
  ...files,
  ...terminal,
  ...http,
  ...clone,
  ...backups,
  ...servers,
  ...preprod,
  ...rights,
  ...timeline,
  ...fleet,
}

export type MessageKey = keyof typeof CATALOGUE

function dictionary(locale: Locale): Record<MessageKey, string> {
  return Object.fromEntries(
    Object.entries(CATALOGUE as Catalogue).map(([key, m]) => [key, m[locale]]),
  ) as Record<MessageKey, string>
}

const DICTS: Record<Locale, Record<MessageKey, string>> = {
  en: dictionary('en'),
  fr: dictionary('fr'),
}

export type Translate = (key: MessageKey, vars?: Record<string, string | number>) => string

/** Numbers that are names rather than quantities: written as they are (no 1,203 for a line). */
const RAW_NUMBERS = new Set([
  'line',
  'status',
  'code',
  'port',
  'pid',
  'year',
  'index',
  'pos',
  'thread',
])

/** One number formatter per locale and number of decimals, made once (tables format thousands). */
const NUMBER_FORMATS = new Map<string, Intl.NumberFormat>()

function numberFormat(locale: Locale, minDigits?: number, maxDigits?: number): Intl.NumberFormat {
  const key = `${locale}|${minDigits ?? ''}|${maxDigits ?? ''}`
  let f = NUMBER_FORMATS.get(key)
  if (!f) {
    f = new Intl.NumberFormat(locale, {
      ...(minDigits === undefined ? {} : { minimumFractionDigits: minDigits }),
      ...(maxDigits === undefined ? {} : { maximumFractionDigits: maxDigits }),
    })
    NUMBER_FORMATS.set(key, f)
  }
  return f
}

export function translator(locale: Locale): Translate {
  const dict = DICTS[locale]
  const numbers = numberFormat(locale)
  return (key, vars) => {
    let s = dict[key]
    if (vars)
      for (const [k, v] of Object.entries(vars))
        // Counts and sizes as the locale writes them: 1,654 in English, 1 654 in French.
        s = s.replace(
          `{${k}}`,
          typeof v === 'number' && !RAW_NUMBERS.has(k) ? numbers.format(v) : String(v),
        )
    return s
  }
}

export const I18nContext = createContext<{ locale: Locale; t: Translate }>({
  locale: 'en',
  t: translator('en'),
})

export function useI18n(): { locale: Locale; t: Translate } {
  return useContext(I18nContext)
}

/** A number as the locale writes it (1,831 · 1 831; 4.83 · 4,83). */
export function formatNumber(n: number, locale: Locale, fractionDigits?: number): string {
  return numberFormat(locale, fractionDigits, fractionDigits).format(n)
}

/** A duration in ms as the locale writes it: 0.42 ms, 4.83 ms, 12.3 ms, 586 ms, 1.25 s. */
export function formatDuration(ms: number, locale: Locale): string {
  if (ms >= 1000) return `${formatNumber(ms / 1000, locale, 2)} s`
  return `${formatNumber(ms, locale, ms >= 100 ? 0 : ms >= 10 ? 1 : 2)} ms`
}

export function formatBytes(n: number, locale: Locale): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB']
  let v = n
  let u = 0
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  const unit = locale === 'fr' ? ['o', 'Ko', 'Mo', 'Go', 'To'][u] : units[u]
  return `${numberFormat(locale, undefined, u === 0 ? 0 : 1).format(v)} ${unit}`
}
