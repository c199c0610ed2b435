// Walks the Kitsu web app's pages as an admin and records, per page, every API call it makes
// with the answer's status and shape (tests/web/compare_walks.py compares two servers' walks).
// env: KITSU_URL, KITSU_UI_HOME, SHOTS_DIR, PROJECT, OUT (the JSON file written),
// KITSU_EMAIL / KITSU_PASSWORD (default the admin), SHAPE_DEPTH (how deep objects are described, 3).
import { writeFileSync } from 'node:fs'
import { BASE, launch, login, open, screenshot } from './kitsu.mjs'

const env = process.env
const PROJECT = env.PROJECT || 'Seed Project'
const SHAPE_DEPTH = Number(env.SHAPE_DEPTH || 3)
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function template (pathname) {
  return pathname.split('/').map(s => UUID.test(s) ? '{id}' : /^\d+$/.test(s) ? '{n}' : /^\d{4}-\d{2}(-\d{2})?$/.test(s) ? '{date}' : s).join('/')
}

// The shape of a JSON answer: its type, an object's keys (and their shapes), a list's first item's.
// Keys that are ids ({id: …} maps) become one "{id}" key with the first one's shape.
function shape (value, depth = 0) {
  if (Array.isArray(value)) return value.length ? [shape(value[0], depth + 1)] : []
  if (value && typeof value === 'object') {
    if (depth >= SHAPE_DEPTH) return 'object'
    const keys = Object.keys(value).sort()
    const named = keys.filter(k => !UUID.test(k)).map(k => [k, shape(value[k], depth + 1)])
    const id = keys.find(k => UUID.test(k))
    return Object.fromEntries(id ? [...named, ['{id}', shape(value[id], depth + 1)]] : named)
  }
  return value === null ? 'null' : typeof value
}

async function main () {
  const browser = await launch()
  const page = await open(browser, 'walk')
  let current = 'login'
  const calls = []
  // API requests not answered yet (and answers not read yet), and when the last one ended: a page
  // is done when none is left for a while (networkidle never comes while socket.io polls)
  let pending = 0
  let lastActivity = Date.now()
  const isApi = req => new URL(req.url()).pathname.startsWith('/api/')
  const done = () => { pending--; lastActivity = Date.now() }
  page.on('request', req => { if (isApi(req)) { pending++; lastActivity = Date.now() } })
  page.on('requestfailed', req => { if (isApi(req)) done() })
  page.on('response', async res => {
    const url = new URL(res.url())
    if (!url.pathname.startsWith('/api/')) return
    try { await record(res, url) } finally { done() }
  })
  async function record (res, url) {
    const call = { page: current, method: res.request().method(), route: template(url.pathname.slice(4)), query: [...url.searchParams.keys()].sort().join('&'), status: res.status() }
    calls.push(call)
    if ((res.headers()['content-type'] || '').includes('json')) {
      try {
        const body = await res.json()
        call.shape = shape(body)
        call.count = Array.isArray(body) ? body.length : undefined
      } catch {}
    }
  }
  async function settled (quietMs = 2000, maxMs = 30000) {
    const start = Date.now()
    while (Date.now() - start < maxMs && (pending > 0 || Date.now() - lastActivity < quietMs)) {
      await page.waitForTimeout(200)
    }
  }
  await login(page, env.KITSU_EMAIL || 'admin@example.com', env.KITSU_PASSWORD || 'mysecretpassword')
  const api = async path => page.evaluate(async p => (await fetch('/api' + p)).json(), path)
  // the same rows on both servers whatever order each lists them in
  const first = rows => [...rows].sort((a, b) => (a.name || '').localeCompare(b.name || ''))[0]
  const project = (await api('/data/projects/open')).find(p => p.name === PROJECT)
  const p = `/productions/${project.id}`
  const episode = first(await api(`/data/projects/${project.id}/episodes`))
  const e = `${p}/episodes/${episode.id}`
  const asset = first(await api(`/data/projects/${project.id}/assets`))
  const sequence = first(await api(`/data/projects/${project.id}/sequences`))
  const shot = first((await api(`/data/projects/${project.id}/shots`)).filter(s => s.parent_id === sequence.id))
  const taskTypes = await api('/data/task-types')
  const assetTaskType = taskTypes.find(t => t.name === 'Modeling' && t.for_entity === 'Asset')
  const typeName = Object.fromEntries(taskTypes.map(t => [t.id, t.name]))
  const firstTask = tasks => first(tasks.map(t => ({ ...t, name: typeName[t.task_type_id] })))
  const task = firstTask(await api(`/data/tasks?entity_id=${asset.id}`))
  const shotTask = firstTask(await api(`/data/tasks?entity_id=${shot.id}`))
  const me = (await api('/auth/authenticated')).user
  const pages = [
    ['my tasks', '/my-tasks'], ['my checks', '/my-checks'], ['team schedule', '/team-schedule'],
    ['timesheets', '/timesheets'], ['main schedule', '/main-schedule'], ['news feed (global)', '/news-feed'],
    ['notifications', '/notifications'], ['people', '/people'], ['person', `/people/${me.id}`],
    ['profile', '/profile'], ['task types', '/task-types'], ['task statuses', '/task-status'],
    ['asset types', '/asset-types'], ['departments', '/departments'], ['studios', '/studios'],
    ['settings', '/settings'], ['productions', '/productions'], ['open productions', '/open-productions'],
    ['assets', `${e}/assets`], ['asset', `${e}/assets/${asset.id}`], ['shots', `${e}/shots`],
    ['shot', `${e}/shots/${shot.id}`], ['sequences', `${e}/sequences`], ['sequence', `${e}/sequences/${sequence.id}`],
    ['episodes', `${p}/episodes`], ['edits', `${e}/edits`], ['concepts', `${p}/concepts`],
    ['breakdown', `${e}/breakdown`], ['asset types of the production', `${e}/asset-types`],
    ['task type page', `${e}/assets/task-types/${assetTaskType.id}`], ['task', `${e}/assets/tasks/${task.id}`],
    ['playlists', `${e}/playlists`], ['news feed (production)', `${p}/news-feed`], ['quotas', `${e}/quota`],
    ['sequence stats', `${e}/sequence-stats`], ['episode stats', `${p}/episode-stats`],
    ['schedule', `${p}/schedule`], ['team', `${p}/team`], ['production settings', `${p}/production-settings`],
    ['brief', `${p}/brief`], ['budget', `${p}/budget`], ['episode schedule', `${e}/schedule`],
    ['shot task type page', `${e}/shots/task-types/${shotTask.task_type_id}`],
    ['shot task', `${e}/shots/tasks/${shotTask.id}`], ['all tasks', '/all-tasks'],
    ['asset library', '/asset-library'], ['backgrounds', '/backgrounds'], ['bots', '/bots'],
    ['custom actions', '/custom-actions'], ['entity chats', '/entity-chats'],
    ['entity search', '/entity-search'], ['hardware items', '/hardware-items'], ['logs', '/logs'],
    ['new production', '/new-production'], ['project templates', '/project-templates'],
    ['salary scale', '/salary-scale'], ['software licenses', '/software-licenses'],
    ['status automations', '/status-automations']
  ]
  const shots = {}
  for (const [name, path] of pages) {
    current = name
    await page.goto(BASE + path, { waitUntil: 'domcontentloaded' }).catch(() => {})
    await settled()
    shots[name] = await screenshot(page, name.replace(/[^a-z]+/g, '-')).catch(() => null)
  }
  writeFileSync(env.OUT, JSON.stringify({ base: BASE, pages, calls, shots }, null, 1))
  await browser.browser.close()
}

main().catch(err => { console.error(err); process.exit(1) })
