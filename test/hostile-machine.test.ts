/**
 * Symbolic links out of the project or out of out/, and failures of the
 * machine (a full disk, a read-only folder, a named pipe, a vanished file):
 * each is refused or reported with its path and exit code, and nothing the
 * build did not mean to touch changes.
 */
import {execFileSync, spawn} from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {afterEach, describe, expect, test} from 'vitest'
import {readBriefs} from '../src/pipeline/read-briefs.js'
import {describeMachineFailure} from '../src/pipeline/io-errors.js'
import {pointAt} from '../src/messages.js'
import {realPath, realPathsOf} from '../src/paths.js'
import {VFile} from 'vfile'
import {REPO, runCli, tempProject} from './helpers.js'

const BIN = path.join(REPO, 'dist', 'cli', 'bin.js')
const brief = (title: string, body = 'Text') => `---\ntitle: "${title}"\n---\n\n## Slide\n\n${body}\n`

/** Every file below a folder, with its content. */
function snapshot(dir: string): Record<string, string> {
  const files: Record<string, string> = {}
  if (!fs.existsSync(dir)) return files
  for (const entry of fs.readdirSync(dir, {recursive: true, withFileTypes: true})) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    files[path.relative(dir, file)] = fs.readFileSync(file, 'utf8')
  }
  return files
}

function outside(files: Record<string, string> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-outside-'))
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), {recursive: true})
    fs.writeFileSync(path.join(dir, name), content)
  }
  return dir
}

describe('symbolic links out of the project', () => {
  test('a brief that is a link to a file outside is refused at 1:1 and not read', async () => {
    const secrets = outside({'secret.md': brief('Secret', 'THE-SECRET')})
    const dir = tempProject({'decks/ok.md': brief('Fine')})
    fs.symlinkSync(path.join(secrets, 'secret.md'), path.join(dir, 'decks/link.md'))
    const result = await runCli(['build'], dir)
    expect(result.code).toBe(1)
    expect(result.stdout + result.stderr).toMatch(/decks\/link\.md\n\s*1:1\s+error .*leads outside the project.*brief-outside-project/)
    expect(JSON.stringify(snapshot(path.join(dir, 'out')))).not.toContain('THE-SECRET')
    expect(fs.existsSync(path.join(dir, 'out/ok/deck.html'))).toBe(true)
  })

  test('a folder inside decks/ that links outside: none of its briefs is read', async () => {
    const secrets = outside({'a.md': brief('A', 'THE-SECRET'), 'b.md': brief('B', 'THE-SECRET')})
    const dir = tempProject({'decks/ok.md': brief('Fine')})
    fs.symlinkSync(secrets, path.join(dir, 'decks/linked'))
    const result = await runCli(['build'], dir)
    expect(result.code).toBe(1)
    expect(((result.stdout + result.stderr).match(/brief-outside-project/g) ?? []).length).toBe(2)
    expect(JSON.stringify(snapshot(path.join(dir, 'out')))).not.toContain('THE-SECRET')
  })

  test('a link that stays inside the project is fine', async () => {
    const dir = tempProject({'shared/common.md': brief('Common')})
    fs.mkdirSync(path.join(dir, 'decks'))
    fs.symlinkSync(path.join(dir, 'shared/common.md'), path.join(dir, 'decks/common.md'))
    expect((await runCli(['build'], dir)).code).toBe(0)
    expect(fs.existsSync(path.join(dir, 'out/common/deck.html'))).toBe(true)
  })
})

describe('symbolic links in the output folder', () => {
  test('out/ linked to the project itself: exit 2 before writing anything', async () => {
    const dir = tempProject({'decks/b.md': brief('B'), 'index.html': 'the project’s own page'})
    fs.symlinkSync('.', path.join(dir, 'out'))
    const before = snapshot(dir)
    const result = await runCli(['build'], dir)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('is the project folder or contains it')
    expect(result.stderr).toContain('through a symbolic link')
    expect(snapshot(dir)).toEqual(before)
  })

  test.each(['b', '.briefdeck', 'b/assets', '.briefdeck/staging'])('out/%s linked to a folder outside: exit 2, nothing written there or anywhere', async (linked) => {
    const dir = tempProject({'decks/b.md': brief('B', '![A picture](p.svg)'), 'decks/p.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>'})
    expect((await runCli(['build'], dir)).code).toBe(0)
    const elsewhere = outside()
    const target = path.join(dir, 'out', linked)
    fs.rmSync(target, {recursive: true, force: true})
    fs.mkdirSync(path.dirname(target), {recursive: true})
    fs.symlinkSync(elsewhere, target)
    fs.writeFileSync(path.join(dir, 'decks/b.md'), brief('B2', '![A picture](p.svg)'))
    const before = snapshot(path.join(dir, 'out'))
    const result = await runCli(['build'], dir)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`${target} is a symbolic link to ${elsewhere}`)
    expect(result.stderr).toContain('nothing was written')
    expect(fs.readdirSync(elsewhere)).toEqual([])
    expect(snapshot(path.join(dir, 'out'))).toEqual(before)
  })

  test('out/ as a link out of the project (or into .git) is refused; the same folder given with --out is written', async () => {
    const site = outside()
    const dir = tempProject({'decks/b.md': brief('B'), '.git/HEAD': 'ref: refs/heads/main\n'})
    fs.symlinkSync(site, path.join(dir, 'out'))
    const linked = await runCli(['build'], dir)
    expect(linked.code).toBe(2)
    expect(linked.stderr).toContain(`is a symbolic link to ${fs.realpathSync(site)}, outside the project, so nothing was written: if you mean to write there, give that folder itself with --out`)
    expect(fs.readdirSync(site)).toEqual([])
    expect((await runCli(['build', '--out', site], dir)).code).toBe(0)
    expect(fs.existsSync(path.join(site, 'b/deck.html'))).toBe(true)
    fs.rmSync(path.join(dir, 'out'))
    fs.symlinkSync('.git', path.join(dir, 'out'))
    const git = await runCli(['build'], dir)
    expect(git.code).toBe(2)
    expect(git.stderr).toContain('is a hidden folder or inside one (such as .git)')
    expect(fs.readdirSync(path.join(dir, '.git'))).toEqual(['HEAD'])
  })

  test('--out decks/out works on every build: its deck.md files are never taken for briefs', async () => {
    const dir = tempProject({'decks/b.md': brief('B')})
    for (let round = 0; round < 3; round++) {
      fs.writeFileSync(path.join(dir, 'decks/b.md'), brief(`B${round}`))
      const result = await runCli(['build', '--out', 'decks/out'], dir)
      expect(result.code, result.stdout + result.stderr).toBe(0)
      expect(result.stdout).toMatch(/^1 brief built/m)
      expect(fs.readFileSync(path.join(dir, 'decks/out/b/deck.md'), 'utf8')).toContain(`B${round}`)
    }
  })
})

describe('failures of the machine are exit 2, with the path and what to do', () => {
  test('a named pipe on the command line does not hang the build', async () => {
    const dir = tempProject({'decks/ok.md': brief('Fine')})
    execFileSync('mkfifo', [path.join(dir, 'decks/pipe.md')])
    const child = spawn(process.execPath, [BIN, 'build', 'decks/pipe.md', 'decks/ok.md'], {cwd: dir})
    let stderr = ''
    let stdout = ''
    child.stderr.on('data', (chunk) => (stderr += chunk))
    child.stdout.on('data', (chunk) => (stdout += chunk))
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000)
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve))
    clearTimeout(timer)
    expect(code).toBe(2)
    expect(stderr).toContain(`${path.join(dir, 'decks/pipe.md')}: cannot read this brief: it is not a regular file`)
    expect(stdout).toMatch(/^1 brief built, 1 failed/m)
    expect(stderr).not.toMatch(/bug|internal/i)
  })

  test('a brief that vanished between being found and being read names its path and says so', async () => {
    const dir = tempProject({'decks/ok.md': brief('Fine')})
    const messages: string[] = []
    const files = readBriefs([path.join(dir, 'decks/deleted.md'), path.join(dir, 'decks/ok.md')], dir, {onUnreadable: (_file, message) => messages.push(message)})
    expect(messages).toEqual([`${path.join(dir, 'decks/deleted.md')}: cannot read this brief: it does not exist (it was removed or renamed while the build ran?) (ENOENT). Check that it is there, then build again`])
    expect(files[0].data.unreadable).toBe(true)
    expect(String(files[1].value)).toContain('Fine')
    // Named on the command line when it is already gone: the same exit code, with the path.
    fs.symlinkSync(path.join(dir, 'decks/nowhere.md'), path.join(dir, 'decks/dangling.md'))
    const result = await runCli(['build', 'decks/dangling.md'], dir)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain('decks/dangling.md: no such file or folder')
  })

  // A real full disk and a real read-only folder: a small tmpfs mounted over out/ (needs root, as on CI).
  const mounted: string[] = []
  afterEach(() => {
    for (const dir of mounted.splice(0)) execFileSync('umount', [dir])
  })
  const canMount = (() => {
    if (process.platform !== 'linux' || process.getuid?.() !== 0) return false
    const probe = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-mount-'))
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=16k', 'tmpfs', probe], {stdio: 'ignore'})
      execFileSync('umount', [probe])
      return true
    } catch {
      return false
    }
  })()
  const mount = (dir: string, options: string) => {
    fs.mkdirSync(dir, {recursive: true})
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir])
    mounted.push(dir)
  }

  test.skipIf(!canMount)('a full disk: exit 2 naming the folder, the summary says what was built, old outputs stay whole', async () => {
    const dir = tempProject({'decks/a.md': brief('A-OLD'), 'decks/b.md': brief('B-OLD')})
    const out = path.join(dir, 'out')
    mount(out, 'size=4m')
    expect((await runCli(['build'], dir)).code).toBe(0)
    const before = snapshot(out)
    // Fill the disk but for room for a's new outputs (a little more than its old ones), not for b's, which grow by some 300 KB.
    const aBytes = Object.entries(before).filter(([name]) => name.startsWith('a/')).reduce((sum, [, text]) => sum + Buffer.byteLength(text), 0)
    const {bavail, bsize} = fs.statfsSync(out)
    fs.writeFileSync(path.join(out, 'filler.bin'), Buffer.alloc(Math.max(0, bavail * bsize - aBytes - 64 * 1024)))
    before['filler.bin'] = fs.readFileSync(path.join(out, 'filler.bin'), 'utf8')
    fs.writeFileSync(path.join(dir, 'decks/b.md'), brief('B-NEW', 'word '.repeat(20_000)))
    fs.writeFileSync(path.join(dir, 'decks/a.md'), brief('A-NEW'))
    const result = await runCli(['build'], dir)
    expect(result.code).toBe(2)
    expect(result.stderr).toContain(`${path.join(out, 'b')}: cannot write the outputs of decks/b.md: the disk is full (ENOSPC)`)
    expect(result.stderr).toContain('Its previous outputs are kept')
    expect(result.stdout).toMatch(/^1 brief built, 1 failed/m)
    const after = snapshot(out)
    for (const name of ['b/deck.html', 'b/handout.html', 'b/deck.md']) expect(after[name]).toBe(before[name])
    expect(after['a/deck.md']).toContain('A-NEW')
  })

  test.skipIf(!canMount)('a read-only output folder: exit 2 naming it, nothing changed, no stack trace', async () => {
    const dir = tempProject({'decks/a.md': brief('A-OLD')})
    const out = path.join(dir, 'out')
    mount(out, 'size=2m')
    expect((await runCli(['build'], dir)).code).toBe(0)
    const before = snapshot(out)
    execFileSync('mount', ['-o', 'remount,ro', out])
    fs.writeFileSync(path.join(dir, 'decks/a.md'), brief('A-NEW'))
    const result = await runCli(['build'], dir)
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(new RegExp(`${out.replace(/[/.]/g, '\\$&')}.*read-only \\(EROFS\\)`))
    expect(result.stderr).not.toMatch(/bug|    at /)
    expect(snapshot(out)).toEqual(before)
  })
})

describe('the build’s own look-ups fail softly', () => {
  test('real paths of briefs that are gone, or below a file, are found without an exception', () => {
    const dir = tempProject({'decks/a.md': brief('A'), 'decks/linked.md': brief('L')})
    fs.rmSync(path.join(dir, 'decks/linked.md'))
    fs.symlinkSync(path.join(dir, 'decks/a.md'), path.join(dir, 'decks/linked.md'))
    const given = ['decks/a.md', 'decks/gone.md', 'decks/a.md/below.md', 'decks/linked.md'].map((name) => path.join(dir, name))
    const reals = realPathsOf(given)
    for (const file of given) expect(reals.get(file)).toBe(realPath(file))
    expect(reals.get(given[3])).toBe(fs.realpathSync(path.join(dir, 'decks/a.md')))
  })

  test('a failed copy names the file it copies from; a rename onto a folder names that folder and says to remove it', () => {
    const dir = outside({'from.txt': 'x', 'folder/inside.txt': 'y'})
    let copy: unknown
    try {
      fs.copyFileSync(path.join(dir, 'missing.png'), path.join(dir, 'staged.png'))
    } catch (error) {
      copy = error
    }
    expect(describeMachineFailure(copy, 'write the outputs of decks/b.md')).toMatch(new RegExp(`^${path.join(dir, 'missing.png')}: cannot write the outputs of decks/b.md: it does not exist`))
    let rename: unknown
    try {
      fs.renameSync(path.join(dir, 'from.txt'), path.join(dir, 'folder'))
    } catch (error) {
      rename = error
    }
    expect(describeMachineFailure(rename, 'write the outputs of decks/b.md')).toBe(
      `${path.join(dir, 'folder')}: cannot write the outputs of decks/b.md: it is a folder, not a file (EISDIR). Remove or rename that folder: briefdeck writes a file there`
    )
  })

  test('a brief read as bytes with a byte order mark: a point counts it as the text does', () => {
    const text = '\uFEFF---\ntitle: T\n---\n\nSee https://example.com/x here\n'
    const offset = text.indexOf('https')
    const asText = pointAt(new VFile({value: text}), offset)
    const asBytes = pointAt(new VFile({value: Buffer.from(text, 'utf8')}), offset)
    expect(asText).toEqual({line: 5, column: 5, offset})
    expect(asBytes).toEqual(asText)
  })
})
