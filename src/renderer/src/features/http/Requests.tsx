// The requests to the host the HTTP diagnosis ends with: whitelisting this computer after an
// IDS ban, purging a stale cache — each with the evidence measured.
import type { ServerInfo } from '../../../../shared/api'
import type { BanCheck, CacheDiagnosis } from '../../../../shared/http'
import { HostRequest } from '../../components/HostRequest'
import { useI18n } from '../../i18n'

/** The mail asking the host to whitelist this computer's address, with the evidence measured. */
export function WhitelistRequest({
  server,
  check,
}: {
  server: ServerInfo
  check: BanCheck
}): React.JSX.Element {
  const { t } = useI18n()
  const body = t('http.ban.request.body', {
    ip: check.clientIp ?? t('http.ban.request.ipUnknown'),
    server: server.name,
    url: check.url,
    here: check.local.error ?? String(check.local.status),
    ms: check.local.ms,
    there: String(check.remote?.status ?? check.remote?.error ?? '?'),
    when: new Date().toISOString(),
  })
  return (
    <HostRequest
      subject={t('http.ban.request.subject', { ip: check.clientIp ?? '?', server: server.name })}
      body={body}
    />
  )
}

/** The mail asking the host to purge its cache (CDN, mod_pagespeed), with both copies' headers. */
export function PurgeRequest({
  server,
  diagnosis,
}: {
  server: ServerInfo
  diagnosis: CacheDiagnosis
}): React.JSX.Element {
  const { t } = useI18n()
  const copy = (variant: 'plain' | 'busted'): string => {
    const f = diagnosis.fetches.find((x) => x.variant === variant)
    if (!f) return '–'
    const headers = [
      'age',
      'cache-control',
      'x-cache',
      'via',
      'x-page-speed',
      'etag',
      'last-modified',
    ]
      .filter((h) => f.headers[h])
      .map((h) => `    ${h}: ${f.headers[h]}`)
    return [
      `${f.url} → ${f.status}, ${f.bytes} bytes, sha256 ${f.hash.slice(0, 16)}…`,
      ...headers,
    ].join('\n')
  }
  return (
    <HostRequest
      subject={t('http.cache.request.subject', { server: server.name })}
      body={t('http.cache.request.body', {
        server: server.name,
        url: diagnosis.url,
        cdn: diagnosis.cdn ?? t('http.cache.request.cache'),
        stale: copy('plain'),
        fresh: copy('busted'),
        when: new Date().toISOString(),
      })}
    />
  )
}
