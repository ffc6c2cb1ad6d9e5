/**
 * Find a system Chromium or Chrome: `CHROME_PATH`, then the usual names on
 * PATH. briefdeck never downloads a browser.
 */
import fs from 'node:fs'
import path from 'node:path'
import {EnvironmentError} from '../errors.js'

export const BROWSER_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'] as const

export function findBrowser(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.CHROME_PATH
  if (configured) {
    if (isExecutable(configured)) return configured
    throw new EnvironmentError(
      `CHROME_PATH is set to ${configured}, which is not an executable file: point it at Chromium or Chrome, or unset it to search PATH`
    )
  }
  for (const dir of (env.PATH ?? '').split(path.delimiter).filter(Boolean)) {
    for (const name of BROWSER_NAMES) {
      const candidate = path.join(dir, name)
      if (isExecutable(candidate)) return candidate
    }
  }
  throw new EnvironmentError(
    `No Chromium or Chrome found (looked for CHROME_PATH, then ${BROWSER_NAMES.join(', ')} on PATH). PDF export and --render need one: install it (on Debian or Ubuntu: apt-get install chromium) or set CHROME_PATH to its executable`
  )
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}
