// Three people on the seeded project, each in their own browser window (tests/test_web_app.py):
// an artist sees their tasks on "My tasks" and changes one's status with a comment; a supervisor
// of the project, with the asset list open, sees the new status arrive without reloading; a
// client sees the project but not the other production, nor the artist's internal comment.
// The task changed is a shot's: the supervisor watches the shot list.
// env: KITSU_URL, KITSU_UI_HOME, SHOTS_DIR, PROJECT, HIDDEN_PROJECT, ARTIST_EMAIL, WATCHER_EMAIL,
// CLIENT_EMAIL, PASSWORD (the same for the three), STATUS (short name of the new status).
import { answerOf, check, launch, login, open, BASE, TIMEOUT } from './kitsu.mjs'

const env = process.env
const PROJECT = env.PROJECT || 'Seed Project'
const STATUS = env.STATUS || 'wip'
const COMMENT = `Started on it (${Date.now()})`

// Opens the project from the productions list; its path (with the episode of a TV show).
async function openProject (page) {
  await page.goto(BASE + '/open-productions')
  const card = page.locator('.open-production', { hasText: PROJECT }).first()
  await card.waitFor({ state: 'visible' })
  await card.locator('a').first().click()
  await page.waitForURL(u => /\/productions\/[0-9a-f-]{36}\//.test(u.pathname))
  return new URL(page.url()).pathname.match(/^(\/productions\/[0-9a-f-]{36}(?:\/episodes\/[^/]+)?)/)[1]
}

async function openProjectShots (page) {
  await page.goto(BASE + await openProject(page) + '/shots')
  await page.locator('.datatable-body tr.datatable-row').first().waitFor({ state: 'visible' })
}

// The shot's row: the first one named so after its sequence's header row.
function shotRow (page, task) {
  return page.locator(`xpath=//tr[contains(@class, "datatable-type-header")][normalize-space(.)="${task.sequence}"]` +
    `/following-sibling::tr[contains(@class, "datatable-row")][th[normalize-space(.)="${task.shot}"]][1]`)
}

// The cell of the task's status in its shot's row (the column of its task type).
async function statusCell (page, task) {
  const columns = (await page.locator('thead th.validation-cell').allInnerTexts()).map(t => t.trim().toLowerCase())
  const column = columns.findIndex(t => t.startsWith(task.taskType.toLowerCase()))
  if (column < 0) throw new Error(`no ${task.taskType} column in ${columns.join(', ')}`)
  return shotRow(page, task).locator('td.validation-cell').nth(column)
}

async function main () {
  const browser = await launch()
  const artist = await open(browser, 'artist')
  const watcher = await open(browser, 'supervisor')
  const client = await open(browser, 'client')
  let task = null // { id, shot, sequence, taskType }

  await check(artist, 'artist-my-tasks', async () => {
    await login(artist, env.ARTIST_EMAIL, env.PASSWORD)
    const todos = await answerOf(artist, '/api/data/user/tasks', () => artist.goto(BASE + '/my-tasks'))
    if (todos.status !== 200 || !todos.body.length) throw new Error(`GET /api/data/user/tasks -> ${todos.status}, ${todos.body?.length} task(s)`)
    const rows = artist.locator('.task-list .datatable-body tr.datatable-row')
    await rows.first().waitFor({ state: 'visible' })
    const shown = await rows.count()
    if (shown !== todos.body.length) throw new Error(`${shown} row(s) on screen for ${todos.body.length} task(s) answered`)
    const shotTask = todos.body.find(t => t.entity_type_name === 'Shot' && t.task_status_short_name === 'todo')
    task = { id: shotTask.id, shot: shotTask.entity_name, sequence: shotTask.sequence_name, taskType: shotTask.task_type_name }
    return `${shown} task row(s), as answered; will change ${task.taskType} of ${task.sequence} / ${task.shot}`
  })

  await check(watcher, 'supervisor-opens-shot-list', async () => {
    await login(watcher, env.WATCHER_EMAIL, env.PASSWORD)
    await openProjectShots(watcher)
    await shotRow(watcher, task).waitFor({ state: 'visible' })
    const shown = (await (await statusCell(watcher, task)).innerText()).trim()
    if (!/^todo\b/i.test(shown)) throw new Error(`${task.taskType} of ${task.shot} shows ${shown}`)
    return `shot list open, ${task.taskType} of ${task.sequence} / ${task.shot} shows ${shown}`
  })

  await check(artist, 'artist-changes-status-with-comment', async () => {
    const row = artist.locator('.task-list .datatable-body tr.datatable-row', { hasText: `${task.sequence} / ${task.shot}` })
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
    await (await statusCell(watcher, task)).locator('.tag', { hasText: new RegExp(`^\\s*${STATUS}\\s*$`, 'i') }).first()
      .waitFor({ state: 'visible', timeout: 10000 })
    const reloads = watcher.answers.filter(a => a.path.endsWith('/with-tasks')).length
    return `${task.sequence} / ${task.shot} shows ${STATUS} after ${Date.now() - t0} ms, without reloading (${reloads} list load(s) in all)`
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
    const comments = await answerOf(client, `/api/data/tasks/${task.id}/comments`, () => client.goto(`${BASE}${project}/shots/tasks/${task.id}`))
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
