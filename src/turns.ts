/**
 * Turns at something of which only a few may run at once (workers, browser
 * pages): at most `limit` holders, served first come first served. A turn that
 * is given back passes straight to the next waiter. Background waiters go
 * only when no foreground one waits, so work that merely warms things up never
 * delays work someone waits for by more than the turn already under way.
 */

export interface TakeOptions {
  /** Wait behind every foreground waiter, even those that come later (default: `false`). */
  background?: boolean
}

export interface Turns {
  /** Wait for a turn; call what it resolves to, once, to give the turn back. */
  take(options?: TakeOptions): Promise<() => void>
  /** How many may hold a turn at once; raising it lets waiters go at once, lowering it lets the holders finish. */
  limit: number
  /** Turns held now. */
  readonly held: number
  /** Whether anyone waits for a turn in the foreground. */
  readonly waiting: boolean
  /** Make every waiter, and every later `take`, fail with `reason`. */
  close(reason: Error): void
}

interface Waiter {
  go: () => void
  stop: (error: Error) => void
}

/** Turns for at most `limit` at once (a count that is not a whole number above zero is one). */
export function createTurns(limit: number): Turns {
  let most = wholeAtLeastOne(limit)
  let held = 0
  let closed: Error | undefined
  const foreground: Waiter[] = []
  const background: Waiter[] = []
  const next = (): Waiter | undefined => foreground.shift() ?? background.shift()
  const giveBack = (): void => {
    held--
    wake()
  }
  const wake = (): void => {
    while (held < most) {
      const waiter = next()
      if (!waiter) return
      held++
      waiter.go()
    }
  }
  const release = (): (() => void) => {
    let given = false
    return () => {
      if (given) return
      given = true
      giveBack()
    }
  }
  return {
    async take(options = {}) {
      if (closed) throw closed
      const queue = options.background ? background : foreground
      if (held < most && foreground.length === 0 && queue.length === 0) {
        held++
        return release()
      }
      await new Promise<void>((go, stop) => queue.push({go, stop}))
      return release()
    },
    get limit() {
      return most
    },
    set limit(value: number) {
      most = wholeAtLeastOne(value)
      wake()
    },
    get held() {
      return held
    },
    get waiting() {
      return foreground.length > 0
    },
    close(reason) {
      closed = reason
      for (const waiter of [...foreground.splice(0), ...background.splice(0)]) waiter.stop(reason)
    }
  }
}

function wholeAtLeastOne(count: number): number {
  return Math.max(1, Math.floor(count) || 1)
}
