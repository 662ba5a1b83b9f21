import { constants, gunzipSync } from 'node:zlib'
import type { FileEntry, ProfileFile, ProfileUrlResult } from '../../../shared/api'
import { readCachegrindHeader, readProfileName } from '../../../core/profiles'
import { ServiceError } from '../platform'
import { readBytes } from '../files'
import type { Target } from '../platform'

export const PROFILER_DIR = '/var/log/php/profiler'
const HEAD_BYTES = 4096

/** The profile files of the profiler folder (names and sizes only), newest first. */
async function profileEntries(target: Target): Promise<FileEntry[]> {
  const entries = await target.list(PROFILER_DIR)
  return entries
    .filter((e) => e.type === 'file' && e.name.includes('cachegrind'))
    .sort((a, b) => b.mtimeMs - a.mtimeMs || (a.name < b.name ? -1 : 1))
}

/** A profile file with the request it profiled, from the `cmd:` line of its head. */
async function describeProfile(target: Target, e: FileEntry): Promise<ProfileFile> {
  const compressed = e.name.endsWith('.gz')
  let cmd = e.name
  try {
    const head = await readHead(target, e.path, compressed)
    cmd = readCachegrindHeader(head)?.cmd ?? e.name
  } catch {
    // unreadable or corrupt: listed by name, opening it will tell why
  }
  const named = readProfileName(e.name)
  return {
    ...e,
    cmd,
    compressed,
    ...(named ? { request: named.request, startedMs: named.startedMs } : {}),
  }
}

/** The Xdebug profiles on the server, newest first, with the request each one profiled. */
export async function listProfiles(target: Target): Promise<ProfileFile[]> {
  return Promise.all((await profileEntries(target)).map((e) => describeProfile(target, e)))
}

async function readHead(target: Target, path: string, compressed: boolean): Promise<string> {
  const bytes = await readBytes(target, path, 0, HEAD_BYTES)
  // A gzip head is decoded as far as it goes (the rest of the file is not needed).
  const text = compressed ? gunzipSync(bytes, { finishFlush: constants.Z_SYNC_FLUSH }) : bytes
  return text.toString('utf8')
}

const changed = (before: Map<string, FileEntry>, f: FileEntry): boolean => {
  const old = before.get(f.path)
  return !old || old.mtimeMs !== f.mtimeMs || old.size !== f.size
}

/**
 * "Profile this URL": requests the page with Xdebug's trigger cookies (`XDEBUG_TRIGGER` for
 * Xdebug 3, `XDEBUG_PROFILE` for Xdebug 2), then watches the profiler folder for the file the
 * request wrote (a new one, or one rewritten: `cachegrind.out.%p` names repeat).
 */
export async function profileUrl(
  target: Target,
  request: { url: string; auth?: { login: string; password: string } },
  options: { requestTimeoutMs?: number; waitMs?: number; signal?: AbortSignal } = {},
): Promise<ProfileUrlResult> {
  let url: URL
  try {
    url = new URL(request.url)
  } catch {
    throw new ServiceError('BAD_REQUEST', `"${request.url}" is not a URL.`)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new ServiceError('BAD_REQUEST', 'Only http:// and https:// pages can be profiled.')
  }
  const before = new Map((await profileEntries(target)).map((f) => [f.path, f]))
  const headers: Record<string, string> = { Cookie: 'XDEBUG_TRIGGER=1; XDEBUG_PROFILE=1' }
  let auth = request.auth
  if (!auth && (url.username || url.password)) {
    auth = { login: decodeURIComponent(url.username), password: decodeURIComponent(url.password) }
  }
  url.username = ''
  url.password = ''
  if (auth) {
    headers.Authorization = `Basic ${Buffer.from(`${auth.login}:${auth.password}`).toString('base64')}`
  }
  const started = Date.now()
  const timeout = options.requestTimeoutMs ?? 120_000
  let status: number
  try {
    const res = await fetch(url, {
      headers,
      redirect: 'manual',
      signal: options.signal
        ? AbortSignal.any([options.signal, AbortSignal.timeout(timeout)])
        : AbortSignal.timeout(timeout),
    })
    status = res.status
    await res.arrayBuffer().catch(() => undefined)
  } catch (err) {
    const e = err as Error & { cause?: { code?: string } }
    if (e.name === 'TimeoutError') {
      throw new ServiceError(
        'TIMEOUT',
        `${url.origin} did not answer in ${timeout / 1000} s. A timeout often means the IDS banned your IP.`,
      )
    }
    throw new ServiceError(
      'IO',
      `${url.origin}: ${e.cause?.code ?? e.message}. Is the site up, and the URL right?`,
    )
  }
  const ms = Date.now() - started
  if (status === 401) {
    throw new ServiceError(
      'AUTH_FAILED',
      `${url.origin} asks for a login (401): set the preprod secure link of this server.`,
    )
  }
  // Xdebug writes the file when the request ends; the listing may lag a moment behind.
  const deadline = Date.now() + (options.waitMs ?? 10_000)
  for (;;) {
    // Polled by listing only: the head of the new file is read once it is there.
    const fresh = (await profileEntries(target)).find((f) => changed(before, f))
    if (fresh) return { status, ms, file: await describeProfile(target, fresh) }
    if (Date.now() > deadline) return { status, ms, file: null }
    await new Promise((ok) => setTimeout(ok, 300))
  }
}
