// A review room in the real Kitsu web app (tests/test_web_app.py): a supervisor opens a playlist
// of two shots with movie previews and joins its review room, a second person of the project
// opens the same playlist and joins; the supervisor moves to the second shot and steps a few
// frames, and the second person's player shows the same shot at the same frame without reloading.
// Checked on screen and by the socket.io messages each browser sent and received.
// env: KITSU_URL, KITSU_UI_HOME, SHOTS_DIR, PLAYLIST_PATH (the playlist's page), PLAYLIST_ID,
// SHOT_IDS and PREVIEW_IDS (the playlist's shots and their movies, comma-separated),
// SUPERVISOR_EMAIL, VIEWER_EMAIL, PASSWORD.
import { answerOf, check, launch, login, open, BASE } from './kitsu.mjs'

const env = process.env
const SHOT_IDS = env.SHOT_IDS.split(',')
const PREVIEW_IDS = env.PREVIEW_IDS.split(',')
const STEPS = 5 // frames the supervisor steps forward on the second shot

// Records the page's `preview-room:*` socket.io messages ({sent, event, data}): socket.io sends
// an event as a text frame `42/events,["name",{...}]`.
function recordRoomMessages (page) {
  page.room = []
  page.on('websocket', socket => {
    const record = sent => frame => {
      const text = typeof frame.payload === 'string' ? frame.payload : ''
      const match = text.match(/^42(?:\/events,)?(\[.*\])$/s)
      if (!match) return
      const [event, data] = JSON.parse(match[1])
      if (event.startsWith('preview-room:')) page.room.push({ sent, event, data })
    }
    socket.on('framesent', record(true))
    socket.on('framereceived', record(false))
  })
}

// The first message `(sent, event)` matching `test`, waited for.
async function message (page, sent, event, test = () => true, timeout = 10000) {
  const deadline = Date.now() + timeout
  for (;;) {
    const found = page.room.find(m => m.sent === sent && m.event === event && test(m.data))
    if (found) return found.data
    if (Date.now() > deadline) {
      const seen = page.room.map(m => `${m.sent ? '>' : '<'}${m.event.slice(13)}`).join(' ')
      throw new Error(`no ${sent ? 'sent' : 'received'} ${event} as expected (seen: ${seen || 'none'})`)
    }
    await page.waitForTimeout(100)
  }
}

const player = page => page.locator('.playlist-player')
const entityIndex = page => player(page).locator('.playlist-header [title="Index of the current entity in the playlist"]')
const roomButton = (page, text) => player(page).locator('.preview-room-button', { hasText: text })

// What the player shows: the entity's index in the header, its name in the strip, the frame.
async function onScreen (page) {
  const index = await entityIndex(page).innerText()
  const entity = await player(page).locator('.playlisted-entity.playing .entity-title').innerText()
  const frame = await player(page).locator('[title="Frame number"]').first().innerText()
  return { index: Number(index.trim()), entity: entity.trim(), frame: frame.trim() }
}

// Where the player's <video> of that preview stands (s).
async function movieTime (page, previewId) {
  return page.evaluate(id => {
    const movie = [...document.querySelectorAll('.playlist-player video')].find(v => v.currentSrc.includes(id))
    return movie ? Math.round(movie.currentTime * 1000) / 1000 : null
  }, previewId)
}

const frameOf = shown => Number(shown.frame.match(/\d+/)[0])
const playlistLoads = page => page.answers.filter(a => a.path.endsWith(`/playlists/${env.PLAYLIST_ID}`)).length

async function openPlaylist (page, email) {
  await login(page, email, env.PASSWORD)
  const loaded = await answerOf(page, `/playlists/${env.PLAYLIST_ID}`, () => page.goto(BASE + env.PLAYLIST_PATH))
  if (loaded.status !== 200) throw new Error(`GET the playlist -> ${loaded.status}`)
  await roomButton(page, 'Join Review Room').waitFor({ state: 'visible' })
  await message(page, true, 'preview-room:open-playlist', d => d.playlist_id === env.PLAYLIST_ID)
  // the first shot's movie is loaded: its frame count is known
  await player(page).locator('[title="Frame number"]', { hasText: /\/ 0*[1-9]/ }).first().waitFor({ state: 'visible' })
  return onScreen(page)
}

async function join (page) {
  await roomButton(page, 'Join Review Room').click()
  await roomButton(page, 'Leave Room').waitFor({ state: 'visible' })
  const sent = await message(page, true, 'preview-room:join')
  if (sent.playlist_id !== env.PLAYLIST_ID) throw new Error(`joined ${sent.playlist_id}`)
}

async function main () {
  const browser = await launch()
  const supervisor = await open(browser, 'supervisor')
  const viewer = await open(browser, 'viewer')
  recordRoomMessages(supervisor)
  recordRoomMessages(viewer)
  const ids = {} // person ids, from the joins

  await check(supervisor, 'supervisor-opens-playlist', async () => {
    const shown = await openPlaylist(supervisor, env.SUPERVISOR_EMAIL)
    if (shown.index !== 1) throw new Error(`entity ${shown.index} shown`)
    return `playlist open at entity 1 (${shown.entity}), frame ${shown.frame}`
  })

  await check(supervisor, 'supervisor-joins-room', async () => {
    await join(supervisor)
    ids.supervisor = (await message(supervisor, true, 'preview-room:join')).user_id
    const people = await message(supervisor, false, 'preview-room:room-people-updated', d => d.people.includes(ids.supervisor))
    return `room people: ${people.people.length}`
  })

  await check(viewer, 'viewer-joins-room', async () => {
    const shown = await openPlaylist(viewer, env.VIEWER_EMAIL)
    await join(viewer)
    ids.viewer = (await message(viewer, true, 'preview-room:join')).user_id
    const both = d => d.people.includes(ids.supervisor) && d.people.includes(ids.viewer)
    await message(viewer, false, 'preview-room:room-people-updated', both)
    await message(supervisor, false, 'preview-room:room-people-updated', both)
    for (const page of [supervisor, viewer]) {
      await player(page).locator('.preview-room .avatar').nth(1).waitFor({ state: 'visible' })
    }
    return `both in the room (2 avatars on each screen); viewer at entity ${shown.index}, frame ${shown.frame}`
  })

  let target = null
  let loads = 0 // the viewer's loads of the playlist before the supervisor moves
  await check(supervisor, 'supervisor-moves-to-second-shot-and-frame', async () => {
    loads = playlistLoads(viewer)
    await player(supervisor).locator('.playlist-header [title="Next entity"]').click()
    await entityIndex(supervisor).filter({ hasText: /^\s*2\s*$/ }).waitFor()
    // no room update is awaited here: the player tells the room when its movie's time moves, and
    // some Chromium versions fire no time update for a move to a movie at its first frame; the
    // frame steps below move it, and their room update is checked
    await supervisor.waitForTimeout(1000) // the second movie loads
    for (let i = 0; i < STEPS; i++) { // the player's shortcut: one frame forward
      await supervisor.keyboard.press('ArrowRight')
      await supervisor.waitForTimeout(250)
    }
    target = { ...await onScreen(supervisor), time: await movieTime(supervisor, PREVIEW_IDS[1]) }
    if (target.index !== 2 || frameOf(target) <= STEPS) throw new Error(`at ${JSON.stringify(target)}`)
    const sent = await message(supervisor, true, 'preview-room:room-updated',
      d => d.current_entity_id === SHOT_IDS[1] && d.current_frame === frameOf(target))
    return `at entity ${target.index} (${target.entity}), frame ${target.frame} (movie at ${target.time} s); ` +
      `sent room-updated (entity 2, frame ${sent.current_frame})`
  })

  await check(viewer, 'viewer-sees-same-shot-and-frame', async () => {
    const received = await message(viewer, false, 'preview-room:room-updated',
      d => d.current_entity_id === SHOT_IDS[1] && d.current_frame === frameOf(target))
    if (received.user_id !== ids.supervisor) throw new Error(`room-updated from ${received.user_id}`)
    await player(viewer).locator('[title="Frame number"]', { hasText: target.frame }).first().waitFor({ timeout: 10000 })
    const shown = { ...await onScreen(viewer), time: await movieTime(viewer, PREVIEW_IDS[1]) }
    if (shown.index !== target.index || shown.entity !== target.entity || shown.frame !== target.frame ||
        shown.time === null || Math.abs(shown.time - target.time) >= 1 / 25) {
      throw new Error(`viewer shows ${JSON.stringify(shown)}, supervisor ${JSON.stringify(target)}`)
    }
    const reloads = playlistLoads(viewer) - loads
    if (reloads) throw new Error(`the playlist was loaded again ${reloads} time(s)`)
    return `entity ${shown.index} (${shown.entity}), frame ${shown.frame} (movie at ${shown.time} s), as the ` +
      `supervisor's; received the supervisor's room-updated (frame ${received.current_frame}); no reload`
  })

  const failures = [supervisor, viewer].flatMap(p => p.answers.filter(a => a.status >= 500).map(a => `${p.person}: ${a.status} ${a.method} ${a.path}`))
  console.log(JSON.stringify({ check: 'no-server-errors', ok: failures.length === 0, detail: failures.join('; ') || 'none' }))
  await browser.browser.close()
}

main().catch(err => {
  console.log(JSON.stringify({ check: 'harness', ok: false, detail: err.message.split('\n')[0] }))
  process.exit(1)
})
