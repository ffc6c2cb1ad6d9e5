/**
 * Find a system Chromium, Chrome or Edge: `CHROME_PATH`, then the usual
 * names on PATH, then the standard install locations of each on Linux, macOS
 * and Windows (the places playwright-core's `chrome` and `msedge` channels
 * look). briefdeck never downloads a browser.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {EnvironmentError} from '../errors.js'

type Platform = 'linux' | 'darwin' | 'win32'

/** Executable names looked for in each folder on PATH. */
export const BROWSER_NAMES: Record<Platform, readonly string[]> = {
  linux: ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable', 'microsoft-edge', 'microsoft-edge-stable'],
  darwin: ['chromium', 'google-chrome', 'microsoft-edge'],
  win32: ['chrome.exe', 'msedge.exe']
}

const MAC_APPS = [
  'Google Chrome.app/Contents/MacOS/Google Chrome',
  'Chromium.app/Contents/MacOS/Chromium',
  'Microsoft Edge.app/Contents/MacOS/Microsoft Edge',
  'Google Chrome Beta.app/Contents/MacOS/Google Chrome Beta',
  'Google Chrome Canary.app/Contents/MacOS/Google Chrome Canary'
]

const WINDOWS_APPS = [
  'Google\\Chrome\\Application\\chrome.exe',
  'Chromium\\Application\\chrome.exe',
  'Microsoft\\Edge\\Application\\msedge.exe',
  'Google\\Chrome Beta\\Application\\chrome.exe',
  'Microsoft\\Edge Beta\\Application\\msedge.exe'
]

export interface FindBrowserOptions {
  env?: NodeJS.ProcessEnv
  platform?: NodeJS.Platform
  home?: string
  /** Whether a file can be run (tests give a fake machine). */
  isExecutable?: (file: string) => boolean
}

/** Where Chrome, Chromium and Edge install themselves on this kind of machine, in order of preference. */
export function installLocations(platform: Platform, env: NodeJS.ProcessEnv, home: string): string[] {
  if (platform === 'darwin') {
    return [...MAC_APPS.map((app) => path.posix.join('/Applications', app)), ...MAC_APPS.map((app) => path.posix.join(home, 'Applications', app))]
  }
  if (platform === 'win32') {
    const roots = [env.LOCALAPPDATA, env.PROGRAMFILES ?? 'C:\\Program Files', env['PROGRAMFILES(X86)'] ?? 'C:\\Program Files (x86)'].filter(
      (root): root is string => Boolean(root)
    )
    return roots.flatMap((root) => WINDOWS_APPS.map((app) => path.win32.join(root, app)))
  }
  return [
    '/usr/bin/chromium',
    '/usr/bin/chromium-browser',
    '/usr/lib/chromium/chromium',
    '/snap/bin/chromium',
    '/opt/google/chrome/chrome',
    '/opt/google/chrome-beta/chrome',
    '/opt/microsoft/msedge/msedge'
  ]
}

export function findBrowser(options: FindBrowserOptions = {}): string {
  const env = options.env ?? process.env
  const platform: Platform = options.platform === 'darwin' || options.platform === 'win32' ? options.platform : options.platform ? 'linux' : currentPlatform()
  const executable = options.isExecutable ?? (platform === 'win32' ? isFile : isExecutable)
  const pathModule = platform === 'win32' ? path.win32 : path.posix
  const configured = env.CHROME_PATH
  if (configured) {
    if (executable(configured)) return configured
    throw new EnvironmentError(
      `CHROME_PATH is set to ${configured}, which is not an executable file: point it at Chromium, Chrome or Edge, or unset it to search PATH and the usual install locations`
    )
  }
  const names = BROWSER_NAMES[platform]
  const pathList = env.PATH ?? env.Path ?? ''
  for (const dir of pathList.split(platform === 'win32' ? ';' : ':').filter(Boolean)) {
    for (const name of names) {
      const candidate = pathModule.join(dir, name)
      if (executable(candidate)) return candidate
    }
  }
  const locations = installLocations(platform, env, options.home ?? os.homedir())
  const found = locations.find((file) => executable(file))
  if (found) return found
  const install =
    platform === 'linux' ? 'install it (on Debian or Ubuntu: apt-get install chromium)' : 'install Google Chrome, Chromium or Microsoft Edge'
  throw new EnvironmentError(
    `No Chromium, Chrome or Edge found. Looked for: CHROME_PATH (not set); ${names.join(', ')} on PATH; ${locations.join(', ')}. ` +
      `PDF export and --render need one: ${install}, or set CHROME_PATH to its executable`
  )
}

function currentPlatform(): Platform {
  return process.platform === 'darwin' || process.platform === 'win32' ? process.platform : 'linux'
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK)
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile()
  } catch {
    return false
  }
}
