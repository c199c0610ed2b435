// Drives the real Kitsu web app (served by ../shared/tools/kitsu-ui/up.sh) in Debian's headless
// Chromium through playwright-core, as e2e.mjs does: one browser, a context per person.
import { createRequire } from 'node:module'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'

const HOME = process.env.KITSU_UI_HOME || '/tmp/kitsu-ui'
const require = createRequire(join(HOME, 'e2e', 'package.json'))
const { chromium } = require('playwright-core')

export const BASE = (process.env.KITSU_URL || 'http://127.0.0.1:8090').replace(/\/$/, '')
export const SHOTS = process.env.SHOTS_DIR || join(HOME, 'shots')
const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium'
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage']
export const TIMEOUT = Number(process.env.STEP_TIMEOUT_MS || 30000)

export async function launch () {
  mkdirSync(SHOTS, { recursive: true })
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ARGS })
  // Kitsu sends browsers it does not know (HeadlessChrome) to /wrong-browser
  const probe = await browser.newPage()
  const userAgent = (await probe.evaluate(() => navigator.userAgent)).replace('HeadlessChrome', 'Chrome')
  await probe.close()
  return { browser, userAgent }
}

// A person's own browser window: its API answers are recorded ({method, path, status}).
export async function open ({ browser, userAgent }, name) {
  const context = await browser.newContext({ userAgent, viewport: { width: 1600, height: 1000 }, locale: 'en-US' })
  const page = await context.newPage()
  page.setDefaultTimeout(TIMEOUT)
  page.person = name
  page.answers = []
  page.on('response', res => {
    const url = new URL(res.url())
    if (url.pathname.startsWith('/api/')) {
      page.answers.push({ method: res.request().method(), path: url.pathname, status: res.status() })
    }
  })
  return page
}

let shotIndex = 0
export async function screenshot (page, name) {
  shotIndex++
  const file = join(SHOTS, `${String(shotIndex).padStart(2, '0')}-${page.person}-${name}.png`)
  await page.waitForTimeout(300)
  await page.screenshot({ path: file, animations: 'disabled' })
  return file
}

export async function login (page, email, password) {
  await page.goto(BASE + '/login', { waitUntil: 'domcontentloaded' })
  await page.locator('input.email').fill(email)
  await page.locator('input.password').fill(password)
  const [answer] = await Promise.all([
    page.waitForResponse(r => r.url().includes('/api/auth/login') && r.request().method() === 'POST'),
    page.locator('a.main-button').click()
  ])
  if (answer.status() !== 200) throw new Error(`${email}: POST /api/auth/login -> ${answer.status()}`)
  await page.waitForURL(u => !u.pathname.startsWith('/login'))
}

// The JSON of the first answer to `path` (a substring of the URL) that `action` provokes.
export async function answerOf (page, path, action, method = 'GET') {
  const [answer] = await Promise.all([
    page.waitForResponse(r => r.url().includes(path) && r.request().method() === method),
    action()
  ])
  return { status: answer.status(), body: answer.status() < 300 ? await answer.json().catch(() => null) : null }
}

// Each check is printed as one JSON line for the pytest side: {check, ok, detail, shot}.
export async function check (page, name, fn) {
  let result
  try {
    result = { check: name, ok: true, detail: await fn() }
  } catch (err) {
    result = { check: name, ok: false, detail: err.message.split('\n')[0] }
  }
  try {
    result.shot = await screenshot(page, name + (result.ok ? '' : '-FAILED'))
  } catch {}
  console.log(JSON.stringify(result))
  return result.ok
}
