// Three people on the seeded project, each in their own browser window (tests/test_web_app.py):
// an artist sees their tasks on "My tasks" and changes one's status with a comment; a supervisor
// of the project, with the asset list open, sees the new status arrive without reloading; a
// client sees the project but not the other production, nor the artist's internal comment.
// env: KITSU_URL, KITSU_UI_HOME, SHOTS_DIR, PROJECT, HIDDEN_PROJECT, ARTIST_EMAIL, WATCHER_EMAIL,
// CLIENT_EMAIL, PASSWORD (the same for the three), STATUS (short name of the new status).
import { answerOf, check, launch, login, open, BASE, TIMEOUT } from './kitsu.mjs'

const env = process.env
const PROJECT = env.PROJECT || 'Seed Project'
const STATUS = env.STATUS || 'wip'
const COMMENT = `Started on it (${Date.now()})`
const ASSET_TASK_TYPES = ['Concept', 'Modeling', 'Shading', 'Rigging', 'Texturing']

// Opens the project from the productions list; its path (with the episode of a TV show).
async function openProject (page) {
  await page.goto(BASE + '/open-productions')
  const card = page.locator('.open-production', { hasText: PROJECT }).first()
  await card.waitFor({ state: 'visible' })
  await card.locator('a').first().click()
  await page.waitForURL(u => /\/productions\/[0-9a-f-]{36}\//.test(u.pathname))
  return new URL(page.url()).pathname.match(/^(\/productions\/[0-9a-f-]{36}(?:\/episodes\/[^/]+)?)/)[1]
}

async function openProjectAssets (page) {
  const project = await openProject(page)
  if (!/\/assets/.test(new URL(page.url()).pathname)) await page.goto(BASE + project + '/assets')
  await page.locator('.datatable-body tr.datatable-row').first().waitFor({ state: 'visible' })
}

function assetRow (page, assetName) {
  return page.locator('.datatable-body tr.datatable-row', { has: page.locator('th.name', { hasText: new RegExp(`^\\s*${assetName}\\s*$`) }) }).first()
}

async function main () {
  const browser = await launch()
  const artist = await open(browser, 'artist')
  const watcher = await open(browser, 'supervisor')
  const client = await open(browser, 'client')
  let task = null // { id, assetName, taskType }

  await check(artist, 'artist-my-tasks', async () => {
    const todos = await answerOf(artist, '/api/data/user/tasks', () => login(artist, env.ARTIST_EMAIL, env.PASSWORD))
    if (todos.status !== 200 || !todos.body.length) throw new Error(`GET /api/data/user/tasks -> ${todos.status}, ${todos.body?.length} task(s)`)
    if (!new URL(artist.url()).pathname.startsWith('/my-tasks')) await artist.goto(BASE + '/my-tasks')
    const rows = artist.locator('.task-list .datatable-body tr.datatable-row')
    await rows.first().waitFor({ state: 'visible' })
    const shown = await rows.count()
    if (shown !== todos.body.length) throw new Error(`${shown} row(s) on screen for ${todos.body.length} task(s) answered`)
    const assetTask = todos.body.find(t => ASSET_TASK_TYPES.includes(t.task_type_name) && t.task_status_short_name === 'todo')
    task = { id: assetTask.id, assetName: assetTask.entity_name, taskType: assetTask.task_type_name }
    return `${shown} task row(s), as answered; will change ${task.taskType} of ${task.assetName}`
  })

  await check(watcher, 'supervisor-opens-asset-list', async () => {
    await login(watcher, env.WATCHER_EMAIL, env.PASSWORD)
    await openProjectAssets(watcher)
    const row = assetRow(watcher, task.assetName)
    await row.waitFor({ state: 'visible' })
    if (await row.locator('.tag', { hasText: new RegExp(`^\\s*${STATUS}\\s*$`, 'i') }).count()) throw new Error(`${task.assetName} already shows ${STATUS}`)
    return `asset list open, ${task.assetName} has no ${STATUS} task yet`
  })

  await check(artist, 'artist-changes-status-with-comment', async () => {
    const row = artist.locator('.task-list .datatable-body tr.datatable-row', { hasText: task.assetName })
      .filter({ hasText: task.taskType }).first()
    await row.locator('td.status').click()
    const form = artist.locator('.add-comment').first()
    await form.waitFor({ state: 'visible' })
    await form.locator('textarea').fill(COMMENT)
    await form.locator('.status-selector [role=combobox]').click()
    await form.locator('.status-selector .status-line .tag', { hasText: new RegExp(`^\\s*${STATUS}\\s*$`, 'i') }).first().click()
    const posted = await answerOf(artist, `/api/actions/tasks/${task.id}/comment`, () => form.locator('.post-button').click(), 'POST')
    if (posted.status !== 201) throw new Error(`POST comment -> ${posted.status}`)
    await artist.locator('.comment', { hasText: COMMENT }).first().waitFor({ state: 'visible' })
    return `POST /api/actions/tasks/{id}/comment -> 201 (status ${posted.body.task_status?.short_name || posted.body.task_status_id})`
  })

  await check(watcher, 'supervisor-sees-new-status-live', async () => {
    const t0 = Date.now()
    await assetRow(watcher, task.assetName).locator('.tag', { hasText: new RegExp(`^\\s*${STATUS}\\s*$`, 'i') }).first()
      .waitFor({ state: 'visible', timeout: 10000 })
    const reloads = watcher.answers.filter(a => a.path.endsWith('/with-tasks')).length
    return `${task.assetName} shows ${STATUS} after ${Date.now() - t0} ms, without reloading (${reloads} list load(s))`
  })

  await check(client, 'client-sees-only-their-production', async () => {
    const context = await answerOf(client, '/api/data/user/context', () => login(client, env.CLIENT_EMAIL, env.PASSWORD))
    const names = context.body.projects.map(p => p.name)
    if (names.includes(env.HIDDEN_PROJECT)) throw new Error(`context lists ${env.HIDDEN_PROJECT}`)
    await client.goto(BASE + '/open-productions')
    await client.locator('.open-production', { hasText: PROJECT }).first().waitFor({ state: 'visible' })
    const cards = (await client.locator('.open-production .production-name').allInnerTexts()).map(n => n.trim())
    if (cards.includes(env.HIDDEN_PROJECT)) throw new Error(`${env.HIDDEN_PROJECT} listed`)
    return `productions listed: ${cards.join(', ')}; context projects: ${names.join(', ')}`
  })

  await check(client, 'client-does-not-see-internal-comment', async () => {
    const project = await openProject(client)
    const comments = await answerOf(client, `/api/data/tasks/${task.id}/comments`, () => client.goto(`${BASE}${project}/assets/tasks/${task.id}`))
    if (comments.status !== 200) throw new Error(`GET comments -> ${comments.status}`)
    if (comments.body.some(c => (c.text || '').includes(COMMENT))) throw new Error('the artist comment was answered to the client')
    await client.waitForTimeout(1000)
    if (await client.locator('.comment', { hasText: COMMENT }).count()) throw new Error('the artist comment is on screen')
    return `${comments.body.length} comment(s) answered to the client, the artist's is not among them`
  })

  const failures = [artist, watcher, client].flatMap(p => p.answers.filter(a => a.status >= 500).map(a => `${p.person}: ${a.status} ${a.method} ${a.path}`))
  console.log(JSON.stringify({ check: 'no-server-errors', ok: failures.length === 0, detail: failures.join('; ') || 'none' }))
  await browser.browser.close()
}

main().catch(err => {
  console.log(JSON.stringify({ check: 'harness', ok: false, detail: err.message.split('\n')[0] }))
  process.exit(1)
})
