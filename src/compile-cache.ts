/**
 * Node's on-disk compile cache (`module.enableCompileCache`, Node 22.1 and
 * later; nothing on Node 20): modules loaded after the call are compiled once
 * and read back in later runs, which is most of a cold start.
 */
import module from 'node:module'

export function enableCompileCache(): void {
  try {
    ;(module as {enableCompileCache?: () => unknown}).enableCompileCache?.()
  } catch {
    // A cache folder that cannot be written only costs speed.
  }
}
