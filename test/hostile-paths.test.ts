/**
 * A brief may reference images only inside the project: every way out is a
 * positioned error, never a crash, and nothing outside is copied.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import {expect, test} from 'vitest'
import {runCli, tempProject} from './helpers.js'

const SECRET = 'TOP-SECRET-CONTENT'

test('at least 30 forms of escape are rejected with a position, and nothing outside the project is read', async () => {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'briefdeck-outside-'))
  fs.writeFileSync(path.join(outside, 'secret.png'), SECRET)
  fs.mkdirSync(path.join(outside, 'dir'))
  fs.writeFileSync(path.join(outside, 'dir', 'secret.png'), SECRET)
  const dir = tempProject({'decks/images/ok.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>'})
  // A sibling folder whose name starts like the project's.
  const sibling = `${dir}-sibling`
  fs.mkdirSync(sibling)
  fs.writeFileSync(path.join(sibling, 'secret.png'), SECRET)
  fs.symlinkSync(path.join(outside, 'secret.png'), path.join(dir, 'decks/images/link-out.png'))
  fs.symlinkSync(path.join(outside, 'dir'), path.join(dir, 'decks/images/linkdir'))
  fs.symlinkSync(path.join(dir, 'decks/images/link-out.png'), path.join(dir, 'decks/images/chain.png'))
  const relativeOutside = path.relative(path.join(dir, 'decks'), path.join(outside, 'secret.png'))
  const forms = [
    '../../secret.png',
    '../secret.png',
    '../../../../../../../../etc/passwd',
    relativeOutside,
    '/etc/passwd',
    path.join(outside, 'secret.png'),
    'file:///etc/passwd',
    'file://localhost/etc/passwd',
    'FILE:///etc/passwd',
    '%2e%2e/%2e%2e/secret.png',
    '%2E%2E%2F%2E%2E%2Fsecret.png',
    '..%2f..%2fsecret.png',
    'images/../../../secret.png',
    './../../secret.png',
    'images/%2e%2e/%2e%2e/%2e%2e/secret.png',
    '.%2e/.%2e/secret.png',
    'images/link-out.png',
    'images/linkdir/secret.png',
    'images/chain.png',
    `../../${path.basename(sibling)}/secret.png`,
    'images\\..\\..\\..\\secret.png',
    'C:\\Windows\\win.ini',
    '\\\\server\\share\\secret.png',
    '//evil.example/secret.png',
    'images/ok.svg%00.png',
    '%00/etc/passwd',
    '~/secret.png',
    'data:text/html,<script>alert(1)</script>',
    'javascript:alert(1)',
    'vbscript:msgbox(1)',
    'jar:file:///etc/passwd!/x',
    '..;/..;/secret.png',
    'images/nowhere/../../../secret.png'
  ]
  expect(forms.length).toBeGreaterThanOrEqual(30)
  const lines: string[] = []
  forms.forEach((form, index) => {
    // Alternate Markdown images and ::figure annotations.
    lines.push(index % 2 === 0 ? `![Form ${index}](<${form}>)` : `::figure{src="${form.replace(/"/g, '&quot;')}" alt="Form ${index}"}`)
  })
  const body = lines.join('\n\n')
  fs.writeFileSync(path.join(dir, 'decks/hostile.md'), `---\ntitle: Hostile paths\n---\n\n${body}\n`)
  const {code, stderr} = await runCli(['build'], dir)
  expect(code).toBe(1)
  expect(stderr).not.toMatch(/\n\s+at /)
  const errors = stderr.split('\n').filter((line) => /\serror\s/.test(line))
  const firstLine = 5
  for (const [index, form] of forms.entries()) {
    const line = firstLine + index * 2
    const reported = errors.filter((error) => error.trimStart().startsWith(`${line}:`))
    expect(reported, `${form} (line ${line})`).toHaveLength(1)
    expect(reported[0], form).toMatch(/image-outside-project|invalid-src|missing-image/)
  }
  // Nothing was written for the brief, and nothing anywhere holds the secret.
  expect(fs.existsSync(path.join(dir, 'out/hostile'))).toBe(false)
  const written = fs.readdirSync(path.join(dir, 'out'), {recursive: true}).map(String)
  for (const name of written) {
    const file = path.join(dir, 'out', name)
    if (fs.statSync(file).isFile()) expect(fs.readFileSync(file, 'utf8')).not.toContain(SECRET)
  }
})
