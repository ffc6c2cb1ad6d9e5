/**
 * Run `task` on every item, at most `limit` at a time, starting them in order:
 * what keeps a pool of workers busy while only a few results are held at once.
 */
export async function forEachConcurrently<T>(items: readonly T[], limit: number, task: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++
      await task(items[index], index)
    }
  }
  await Promise.all(Array.from({length: Math.max(1, Math.min(limit, items.length))}, lane))
}
