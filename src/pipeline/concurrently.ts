/**
 * Run `task` on every item, at most `limit` at a time, starting them in order:
 * what keeps a pool of workers busy while only a few results are held at once.
 * Once a task fails no new one starts; the running ones finish before the
 * failure is passed on, so nothing is still at work when the caller cleans up.
 */
export async function forEachConcurrently<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0
  let failed = false
  const lane = async (): Promise<void> => {
    while (!failed && next < items.length) {
      const index = next++
      try {
        await task(items[index], index)
      } catch (error) {
        failed = true
        throw error
      }
    }
  }
  const settled = await Promise.allSettled(Array.from({length: Math.max(1, Math.min(limit, items.length))}, lane))
  const rejected = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected')
  if (rejected) throw rejected.reason
}
