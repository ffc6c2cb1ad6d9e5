/**
 * The preview server: serves `out/` on the loopback interface only, with a
 * live-reload script injected into every HTML page. It refuses requests whose
 * Host or Origin is not local, serves nothing outside `out/`, and answers a
 * bad request with an error status rather than crashing.
 */
import fs from 'node:fs'
import http from 'node:http'
import type {AddressInfo} from 'node:net'
import path from 'node:path'
import {isInside} from '../paths.js'
import {fromHtml} from 'hast-util-from-html'
import {select, selectAll} from 'hast-util-select'
import {toHtml} from 'hast-util-to-html'
import {pagePolicy, parsePolicy, serializePolicy, type Policy} from '../render/csp.js'
import {parse as parseBcp47} from 'bcp-47'
import {localizer} from '../i18n/localize.js'
import {resolveLabels, type Labels} from '../i18n/labels.js'

export const EVENTS_PATH = '/__briefdeck/events'
export const CLIENT_PATH = '/__briefdeck/live.js'

export interface PreviewServerOptions {
  /** Folder to serve. */
  root: string
  /** Port (default: 4173; 0 picks a free one). */
  port?: number
  /** The live-reload client script. */
  client: string
  /** The team's wording, for the overlay's heading (default: none). */
  labels?: Labels
}

export interface PreviewServer {
  url: string
  port: number
  /** Send an event to every open page; a sticky one also to pages that connect later. */
  broadcast(event: string, data: unknown, sticky?: boolean): void
  close(): Promise<void>
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.pdf': 'application/pdf'
}

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]'])

export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const clients = new Set<http.ServerResponse>()
  /** The latest value of each event, sent to pages that connect later. */
  const latest = new Map<string, string>()
  let port = options.port ?? 4173

  const isLocal = (host: string | undefined): boolean => {
    if (!host) return false
    const match = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(host)
    return Boolean(match && LOCAL_HOSTS.has(match[1].toLowerCase()) && Number(match[2] ?? 80) === port)
  }

  const server = http.createServer((request, response) => {
    try {
      handle(request, response)
    } catch {
      if (!response.headersSent) send(response, 500, 'Internal error')
      else response.destroy()
    }
  })
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    else socket.destroy()
  })

  function handle(request: http.IncomingMessage, response: http.ServerResponse): void {
    if (!isLocal(request.headers.host)) return send(response, 403, 'Forbidden: this preview answers only requests to 127.0.0.1 or localhost')
    const origin = request.headers.origin
    if (origin !== undefined) {
      let host: string | undefined
      try {
        const url = new URL(origin)
        host = url.protocol === 'http:' ? url.host : undefined
      } catch {
        host = undefined
      }
      if (!isLocal(host)) return send(response, 403, 'Forbidden: cross-origin request')
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'Method not allowed')
    let pathname: string
    try {
      pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname)
    } catch {
      return send(response, 400, 'Bad request')
    }
    if (pathname.includes('\0')) return send(response, 400, 'Bad request')
    if (pathname === EVENTS_PATH) return events(response)
    if (pathname === CLIENT_PATH) return send(response, 200, options.client, TYPES['.js'])
    const file = resolveInside(options.root, pathname)
    if (!file) return send(response, 404, 'Not found')
    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
    let body: Buffer
    try {
      body = fs.readFileSync(file)
    } catch {
      return send(response, 404, 'Not found')
    }
    let policy = FILE_POLICY
    if (type.startsWith('text/html')) {
      const page = injectClient(body.toString('utf8'), options.labels)
      body = Buffer.from(page.html)
      policy = page.policy
    }
    response.writeHead(200, headers(type, policy))
    response.end(request.method === 'HEAD' ? undefined : body)
  }

  function events(response: http.ServerResponse): void {
    response.writeHead(200, {...headers('text/event-stream'), Connection: 'keep-alive'})
    response.write(': connected\n\n')
    for (const message of latest.values()) response.write(message)
    clients.add(response)
    response.on('close', () => clients.delete(response))
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject)
      resolve()
    })
  })
  port = (server.address() as AddressInfo).port

  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    broadcast(event, data, sticky = false) {
      const message = `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`
      if (sticky) latest.set(event, message)
      for (const client of clients) client.write(message)
    },
    async close() {
      for (const client of clients) client.end()
      clients.clear()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections()
    }
  }
}

/** The file a URL path names inside `root`, symlinks resolved; undefined when outside or missing. */
export function resolveInside(root: string, pathname: string): string | undefined {
  const realRoot = fs.realpathSync(root)
  let target = path.join(realRoot, path.normalize(`/${pathname}`))
  try {
    if (fs.statSync(target).isDirectory()) target = path.join(target, 'index.html')
    target = fs.realpathSync(target)
  } catch {
    return undefined
  }
  if (!isInside(realRoot, target)) return undefined
  const relative = path.relative(realRoot, target)
  // Our own bookkeeping (.briefdeck/) and any other dot-file or dot-folder are not for browsers.
  if (relative.split(path.sep).some((part) => part.startsWith('.'))) return undefined
  return fs.statSync(target).isFile() ? target : undefined
}

/**
 * Every response carries a policy and `nosniff`. A page gets its own policy
 * (with the live-reload client allowed); anything else, an image opened on its
 * own included, may run nothing and load nothing but images from here.
 */
const FILE_POLICY = serializePolicy({
  'default-src': ["'none'"],
  'style-src': ["'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'", 'data:'],
  sandbox: []
})

function headers(type: string, policy = FILE_POLICY): Record<string, string> {
  return {'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': policy}
}

/** Add the live-reload client, and let the page's policy allow it (and only it) from this server. Returns the page and its policy. */
function injectClient(html: string, labels: Labels | undefined): {html: string; policy: string} {
  const tree = fromHtml(html)
  // The overlay's heading in the page's language.
  const lang = String(select('html', tree)?.properties.lang ?? 'en')
  const words = localizer(parseBcp47(lang).language ? lang : 'en', resolveLabels(labels))
  const metas = selectAll('meta[http-equiv="Content-Security-Policy" i]', tree)
  const policies = metas.map((meta) => {
    const policy = allowPreview(parsePolicy(String(meta.properties.content ?? '')))
    meta.properties.content = serializePolicy(policy)
    return policy
  })
  const body = select('body', tree)
  body?.children.push({type: 'element', tagName: 'script', properties: {src: CLIENT_PATH, dataHeading: words.text('buildProblems')}, children: []})
  // A page of out/ without a policy of its own (a user's file) gets the strictest page policy.
  return {html: toHtml(tree), policy: serializePolicy(policies[0] ?? allowPreview(pagePolicy()))}
}

/** The preview is the only origin here: its client script and events come from it; the pages' own inline scripts keep their hashes. */
function allowPreview(policy: Policy): Policy {
  for (const directive of ['script-src', 'connect-src']) {
    policy[directive] = [...(policy[directive] ?? []).filter((value) => value !== "'none'"), "'self'"]
  }
  return policy
}

function send(response: http.ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, headers(type))
  response.end(body)
}
