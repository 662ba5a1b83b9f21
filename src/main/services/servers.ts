import { join } from 'node:path'
import type { ServerInfo } from '../../shared/api'
import { ServiceError } from './errors'
import { LocalTarget } from './local-target'
import type { Target } from './target'

export const DEMO_SERVER_ID = 'demo'

/**
 * The servers the user can open. For now the built-in demo; SSH profiles plug in here with
 * the same `Target` interface.
 */
export class ServerRegistry {
  private readonly demo: LocalTarget
  private readonly demoRoot: string

  constructor(resourcesDir: string) {
    this.demoRoot = join(resourcesDir, 'demo')
    this.demo = new LocalTarget(DEMO_SERVER_ID, this.demoRoot)
  }

  list(): ServerInfo[] {
    return [
      {
        id: DEMO_SERVER_ID,
        name: 'Demo',
        kind: 'demo',
        role: 'demo',
        address: this.demoRoot,
        cmsRoot: '/var/www/site',
        state: 'connected',
      },
    ]
  }

  /** Finds a server by id or by name (case-insensitive), for the UI and the CLI alike. */
  info(idOrName: string): ServerInfo {
    const wanted = idOrName.toLowerCase()
    const found = this.list().find((s) => s.id === idOrName || s.name.toLowerCase() === wanted)
    if (!found) {
      throw new ServiceError(
        'UNKNOWN_SERVER',
        `No server named "${idOrName}". Known: ${this.list()
          .map((s) => s.name)
          .join(', ')}.`,
      )
    }
    return found
  }

  target(idOrName: string): Target {
    this.info(idOrName)
    return this.demo
  }

  async close(): Promise<void> {
    await this.demo.close()
  }
}
