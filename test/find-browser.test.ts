/**
 * Browser discovery: CHROME_PATH, then PATH, then where Chrome, Chromium and
 * Edge install themselves on Linux, macOS and Windows. The other platforms are
 * fake machines (a set of files that exist); Linux is also this machine.
 */
import fs from 'node:fs'
import path from 'node:path'
import {describe, expect, test} from 'vitest'
import {EnvironmentError} from '../src/errors.js'
import {findBrowser, installLocations} from '../src/browser/find.js'

const machine = (files: string[]) => (file: string) => files.includes(file)

describe('findBrowser', () => {
  test('CHROME_PATH wins over everything; a wrong one is an environment error that names it', () => {
    const has = machine(['/custom/chrome', '/usr/bin/chromium'])
    expect(findBrowser({env: {CHROME_PATH: '/custom/chrome', PATH: '/usr/bin'}, platform: 'linux', isExecutable: has})).toBe('/custom/chrome')
    expect(() => findBrowser({env: {CHROME_PATH: '/nope/chrome', PATH: '/usr/bin'}, platform: 'linux', isExecutable: has})).toThrow(
      /CHROME_PATH is set to \/nope\/chrome, which is not an executable file/
    )
  })

  test('PATH before the install locations, in the order of the names', () => {
    const has = machine(['/home/u/bin/google-chrome', '/usr/bin/chromium'])
    expect(findBrowser({env: {PATH: '/home/u/bin:/usr/bin'}, platform: 'linux', isExecutable: has})).toBe('/home/u/bin/google-chrome')
  })

  test.each([
    ['linux', {}, '/opt/google/chrome/chrome'],
    ['linux', {}, '/opt/microsoft/msedge/msedge'],
    ['linux', {}, '/snap/bin/chromium'],
    ['darwin', {}, '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome'],
    ['darwin', {}, '/Users/ana/Applications/Microsoft Edge.app/Contents/MacOS/Microsoft Edge'],
    ['darwin', {}, '/Applications/Chromium.app/Contents/MacOS/Chromium'],
    ['win32', {LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local'}, 'C:\\Users\\ana\\AppData\\Local\\Google\\Chrome\\Application\\chrome.exe'],
    ['win32', {PROGRAMFILES: 'D:\\Apps'}, 'D:\\Apps\\Microsoft\\Edge\\Application\\msedge.exe'],
    ['win32', {}, 'C:\\Program Files (x86)\\Microsoft\\Edge\\Application\\msedge.exe']
  ] as const)('%s: finds a browser installed at its standard place (%#)', (platform, env, file) => {
    expect(findBrowser({env: {PATH: '', ...env}, platform, home: '/Users/ana', isExecutable: machine([file])})).toBe(file)
  })

  test.each(['linux', 'darwin', 'win32'] as const)('%s: none found is an environment error that lists where it looked', (platform) => {
    const env = platform === 'win32' ? {PATH: 'C:\\Windows', LOCALAPPDATA: 'C:\\Users\\ana\\AppData\\Local'} : {PATH: '/usr/bin'}
    let error: unknown
    try {
      findBrowser({env, platform, home: '/Users/ana', isExecutable: () => false})
    } catch (caught) {
      error = caught
    }
    expect(error).toBeInstanceOf(EnvironmentError)
    const message = (error as Error).message
    expect(message).toMatch(/^No Chromium, Chrome or Edge found\. Looked for: CHROME_PATH \(not set\); /)
    for (const location of installLocations(platform, env, '/Users/ana')) expect(message).toContain(location)
    expect(message).toContain(platform === 'win32' ? 'chrome.exe, msedge.exe' : 'chromium, ')
    expect(message).toContain('set CHROME_PATH to its executable')
    expect(message).toContain(platform === 'linux' ? 'apt-get install chromium' : 'install Google Chrome, Chromium or Microsoft Edge')
  })

  test('on this machine, with nothing on PATH, Debian’s chromium is found at its install location', () => {
    expect(fs.existsSync('/usr/bin/chromium')).toBe(true)
    const found = findBrowser({env: {PATH: ''}})
    expect(path.basename(fs.realpathSync(found))).toMatch(/chrom/)
  })
})
