// A second SSH connection to a server, with SSH's own compression (zlib@openssh.com): for bulk
// reads from a jail without gzip over a slow link (remote-read.ts). Opened on first need, its
// SFTP session kept while it lives; its socket's byte count is what those reads put on the wire.
import type { Client, SFTPWrapper } from 'ssh2'
import { hangUp, ownSockets } from './ssh-connect'

export class CompressedLink {
  private link: Promise<{ client: Client; sftp: SFTPWrapper }> | null = null
  private client: Client | null = null

  /** `open` connects with compression (the main connection's checks done first). */
  constructor(private readonly open: () => Promise<Client>) {}

  sftp(): Promise<SFTPWrapper> {
    this.link ??= (async () => {
      const client = await this.open()
      this.client = client
      client.on('close', () => {
        this.link = null
        this.client = null
      })
      const sftp = await new Promise<SFTPWrapper>((resolve, reject) =>
        client.sftp((err, s) => (err ? reject(err) : resolve(s))),
      )
      return { client, sftp }
    })()
    this.link.catch(() => (this.link = null))
    return this.link.then((l) => l.sftp)
  }

  /** Bytes received so far on its socket. */
  wireBytes(): number {
    return this.client ? (ownSockets.get(this.client)?.bytesRead ?? 0) : 0
  }

  close(): void {
    const link = this.link
    this.link = null
    void link?.then((l) => hangUp(l.client)).catch(() => undefined)
  }
}
