/*
 * The silence watchdog: a half-open connection (a phone that changed networks, a dead NAT mapping) does not close for
 * minutes. While a stream that can be resumed runs, the client pings; when nothing comes back for silenceTimeoutMs
 * it closes the socket with 4000 and resumes the stream as after any drop. It must never mistake a quiet server,
 * a slow upload, a stop or a browser that held its timers back for a lost connection.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settle, bounded, OPEN } from './fakes.mjs';
import { Session, STARTED, RECONNECTING, STOP_TIMEOUT_MS } from './client-session.mjs';

const SILENCE_MS = 8000;
const PING_MS = 2000;
const MIME_TYPE = 'video/x-matroska;codecs=avc1,opus';
const RESUMABLE = { ...STARTED, resumeToken: 'token-1', resumeGraceSeconds: 30 };
const RESUMED = { type: 'resumed', id: STARTED.id, mode: 'copy', resumeToken: 'token-2', resumeGraceSeconds: 30, paused: false, gapMs: 9000 };
const PONG = { type: 'pong' };
const PROGRESS = { type: 'progress', frames: 30, fps: 30, bitrateKbps: 2500, outTimeMs: 1000, speed: 1 };
const DESTINATIONS = { type: 'destinations', destinations: [{ index: 0, url: 'rtmp://ingest.test/live/k…y', state: 'live' }] };

/** Pings each socket has had answered, so that each ping is answered once. */
const answered = new WeakMap();

function pings(ws) {
  return ws.wire.filter((type) => type === 'ping').length;
}

/**
 * The server for ms, in steps of 100 ms: pong answers each new ping (within 100 ms), and every `every` ms a message
 * of its own (progress, destinations) arrives; a socket that is not open hears nothing.
 */
function serve(s, ms, { pong = true, every = 0, message = PROGRESS } = {}) {
  const clock = s.world.clock;
  const end = clock.now + ms;
  let next = every > 0 ? clock.now + every : Infinity;
  while (clock.now < end) {
    clock.advance(Math.min(100, end - clock.now));
    const ws = s.ws;
    if (ws.readyState !== OPEN) {
      continue;
    }
    const sent = pings(ws);
    if (pong) {
      for (let i = answered.get(ws) || 0; i < sent; i++) ws.receive(PONG);
    }
    answered.set(ws, sent);
    if (clock.now >= next) {
      ws.receive(message);
      next += every;
    }
  }
}

/** A client on a stream that can be resumed, in row, whose server has answered its first ping. */
async function watched(row = 'live', options = {}) {
  const s = await new Session(options, RESUMABLE).reach(row);
  serve(s, PING_MS);
  assert.equal(pings(s.ws), 1);
  return s;
}

/** The socket was given up for silence: closed with 4000, detached, and a first try to resume made at once. */
function assertGivenUp(s, ws, mark) {
  assert.deepEqual(ws.closeCalls, [4000]);
  assert.deepEqual(ws.closeReasons, ['no answer from the server']);
  assert.equal(ws.onclose, null, 'its late close event changes nothing');
  assert.notEqual(s.ws, ws, 'a new socket for the resume');
  assert.equal(s.state, 'reconnecting');
  assert.deepEqual(s.emitted('reconnecting', mark),
    [{ source: 'connection', cause: 'silence', attempt: 1, maxAttempts: 0, delayMs: 0, graceRemainingMs: 30000 }]);
  assert.deepEqual(s.emitted('error', mark), []);
}

/** Nothing happened to the connection: the same socket, not closed, no resume. */
function assertKept(s, ws, mark, state) {
  assert.equal(s.ws, ws);
  assert.deepEqual(ws.closeCalls, []);
  assert.equal(s.state, state);
  assert.deepEqual(s.emitted('reconnecting', mark).filter((e) => e.source === 'connection'), []);
}

test('silence while live: after silenceTimeoutMs the socket is closed with 4000 and the stream resumed on a new one, cause silence', bounded(async () => {
  const s = await watched();
  const clock = s.world.clock;
  const [first, firstRecorder] = [s.ws, s.recorder];
  const mark = s.events.length;
  clock.advance(SILENCE_MS - 1);
  assertKept(s, first, mark, 'live');
  assert.ok(pings(first) >= 4, 'pings went out meanwhile');
  clock.advance(PING_MS + 1); // found at the first ping tick at or after silenceTimeoutMs
  await settle();
  assertGivenUp(s, first, mark);
  assert.equal(firstRecorder.state, 'inactive');
  assert.deepEqual(s.emitted('state', mark), ['reconnecting']);

  s.ws.open();
  await settle();
  assert.deepEqual(s.ws.texts, [{ type: 'resume', id: STARTED.id, token: 'token-1', mimeType: MIME_TYPE }]);
  s.ws.receive(RESUMED);
  await settle();
  assert.equal(s.state, 'live');
  assert.deepEqual(s.emitted('resumed', mark), [{ id: STARTED.id, gapMs: 9000, attempts: 1 }]);
  assert.deepEqual(s.recorder.calls, ['start']);
  first.closed(1006); // the dead socket's close, minutes later
  await settle();
  assert.equal(s.state, 'live');
  assert.equal(s.world.sockets.length, 2);
  s.checkSingles();

  // The resumed connection is watched the same way, and the next resume spends the newest token.
  const second = s.ws;
  const again = s.events.length;
  serve(s, 20000);
  assertKept(s, second, again, 'live');
  clock.advance(SILENCE_MS + PING_MS);
  await settle();
  assertGivenUp(s, second, again);
  s.ws.open();
  await settle();
  assert.equal(s.ws.texts[0].token, 'token-2');
}));

test('silence while paused, and while the server reconnects to the RTMP server, is a lost connection too', bounded(async () => {
  for (const row of ['paused', 'reconnecting', 'reconnecting, paused']) {
    const s = await watched(row);
    const ws = s.ws;
    const paused = s.client.paused;
    const mark = s.events.length;
    s.world.clock.advance(SILENCE_MS + PING_MS);
    await settle();
    assertGivenUp(s, ws, mark);
    assert.equal(s.client.paused, paused, row);
  }
}));

test('no false alarm while the server speaks: pongs while paused, progress or destinations while live', bounded(async () => {
  const paused = await watched('paused');
  let mark = paused.events.length;
  serve(paused, 60000);
  assertKept(paused, paused.ws, mark, 'paused');
  assert.equal(pings(paused.ws), 31, 'a ping every 2 s');

  for (const message of [PROGRESS, DESTINATIONS]) {
    const live = await watched('live');
    mark = live.events.length;
    serve(live, 60000, { pong: false, every: 1000, message });
    assertKept(live, live.ws, mark, 'live');
  }
}));

test('a slow upload is no silence: media still leaving the browser keeps the connection, media stuck in it does not', bounded(async () => {
  const s = await watched('reconnecting'); // the server's ffmpeg waits: no progress, and the pings queue behind the media
  const ws = s.ws;
  const clock = s.world.clock;
  const mark = s.events.length;
  const chunk = 'x'.repeat(1000);
  for (let second = 0; second < 60; second++) {
    clock.advance(1000);
    s.recorder.data(chunk);
    await settle();
    ws.bufferedAmount += 500; // half of each second's media leaves the browser
  }
  assertKept(s, ws, mark, 'reconnecting');
  let stuck = 0;
  while (s.ws === ws && stuck < SILENCE_MS + 2 * PING_MS) {
    clock.advance(1000);
    stuck += 1000;
    s.recorder.data(chunk);
    await settle();
    ws.bufferedAmount += chunk.length; // nothing leaves any more
  }
  assert.ok(stuck > SILENCE_MS, `given up after ${stuck} ms of a stuck upload`);
  assertGivenUp(s, ws, mark);
}));

test('silenceTimeoutMs: 0, a stream without resumeToken, and resume: false have no watchdog; pings every 15 s as before', bounded(async () => {
  const cases = [
    [{ silenceTimeoutMs: 0 }, RESUMABLE],
    [{}, STARTED],
    [{}, { ...STARTED, resumeGraceSeconds: 30 }],
    [{ resume: false }, RESUMABLE],
  ];
  for (const [options, started] of cases) {
    const label = JSON.stringify([options, started]);
    const s = await new Session(options, started).reach('paused');
    const ws = s.ws;
    const mark = s.events.length;
    s.world.clock.advance(14999);
    assert.equal(pings(ws), 0, label);
    s.world.clock.advance(1);
    assert.equal(pings(ws), 1, label);
    ws.receive(PONG); // a server that answers: silence from it would count, were the watchdog on
    s.world.clock.advance(120000);
    assertKept(s, ws, mark, 'paused');
    assert.equal(pings(ws), 9, label);
  }
}));

test('a server that does not answer ping (older than pong) is never silent enough; its first pong arms the watchdog', bounded(async () => {
  const s = await new Session({}, RESUMABLE).reach('paused');
  const ws = s.ws;
  const mark = s.events.length;
  s.world.clock.advance(120000);
  assertKept(s, ws, mark, 'paused');
  assert.equal(pings(ws), 60);
  ws.receive(PONG);
  s.world.clock.advance(SILENCE_MS + PING_MS);
  await settle();
  assertGivenUp(s, ws, mark);
}));

test('nothing before started: no pings, no watchdog while connecting', bounded(async () => {
  const s = await new Session({}, RESUMABLE).reach('connecting');
  s.world.clock.advance(60000);
  assert.deepEqual(s.ws.wire, ['start']);
  assert.deepEqual(s.ws.closeCalls, []);
  assert.equal(s.state, 'connecting');
  s.ws.receive(RESUMABLE);
  await settle();
  s.world.clock.advance(PING_MS);
  assert.equal(pings(s.ws), 1, 'pings begin with started');
}));

test('pings go out every 2 s while live and while paused, every silenceTimeoutMs / 4 when that is shorter', bounded(async () => {
  const s = await new Session({}, RESUMABLE).reach('live');
  const clock = s.world.clock;
  clock.advance(PING_MS - 1);
  assert.equal(pings(s.ws), 0);
  clock.advance(1);
  assert.equal(pings(s.ws), 1);
  clock.advance(PING_MS);
  assert.equal(pings(s.ws), 2);
  s.client.pause();
  await settle();
  clock.advance(3 * PING_MS);
  assert.equal(pings(s.ws), 5);
  assert.deepEqual(s.ws.wire.filter((type) => type !== 'ping'), ['start', 'chunk:first', 'pause']);

  const quick = await new Session({ silenceTimeoutMs: 2000 }, RESUMABLE).reach('live');
  quick.world.clock.advance(499);
  assert.equal(pings(quick.ws), 0);
  quick.world.clock.advance(1);
  assert.equal(pings(quick.ws), 1);
  serve(quick, 500);
  const mark = quick.events.length;
  quick.world.clock.advance(2000 + 500);
  await settle();
  assertGivenUp(quick, quick.world.sockets[0], mark);
}));

test('no watchdog while stopping, nor after stop, destroyed or a fatal error: no 4000 close, no timer left', bounded(async () => {
  const stopping = await watched('live', { stopTimeout: 60000 });
  const ws = stopping.ws;
  const mark = stopping.events.length;
  const stopped = stopping.stop();
  await settle();
  stopping.world.clock.advance(59999);
  assertKept(stopping, ws, mark, 'stopping');
  ws.receive({ type: 'destroyed' });
  await stopped;
  assert.equal(stopping.state, 'stopped');
  stopping.world.clock.advance(60000);
  assert.deepEqual(ws.closeCalls, [1000]);
  assert.equal(stopping.world.clock.pending, 0);

  const destroyed = await watched('paused');
  destroyed.ws.receive({ type: 'destroyed' });
  await settle();
  assert.equal(destroyed.state, 'stopped');
  assert.equal(destroyed.world.clock.pending, 0);
  assert.deepEqual(destroyed.ws.closeCalls, [1000]);

  const failed = await watched('live');
  failed.ws.receive({ type: 'error', error: { name: 'QUEUE_FULL', message: 'too much media', fatal: true } });
  await settle();
  failed.world.clock.advance(STOP_TIMEOUT_MS - 1);
  assert.deepEqual(failed.ws.closeCalls, [], 'waits for destroyed, as without the watchdog');
  failed.world.clock.advance(1);
  assert.deepEqual(failed.ws.closeCalls, [1000]);
  assert.equal(failed.state, 'error');
  assert.equal(failed.world.clock.pending, 0);
  assert.equal(failed.world.sockets.length, 1);
}));

test('a drop stops the watchdog: the socket\'s own close is cause closed, and nothing fires while resuming', bounded(async () => {
  const s = await watched('live');
  const mark = s.events.length;
  s.ws.closed(1006);
  await settle();
  assert.deepEqual(s.emitted('reconnecting', mark).map((e) => [e.source, e.cause, e.attempt]), [['connection', 'closed', 1]]);
  s.ws.open(); // and waits long for resumed: only the grace period ends that wait
  await settle();
  s.world.clock.advance(20000);
  assert.deepEqual(s.ws.closeCalls, []);
  assert.deepEqual(s.ws.wire, ['resume']);
}));

test('timers held back a minute (a hidden tab): the late tick is no evidence; it pings, and the answer keeps the connection', bounded(async () => {
  const s = await watched('paused');
  const ws = s.ws;
  const clock = s.world.clock;
  const mark = s.events.length;
  serve(s, 10000);
  const sent = pings(ws);
  clock.jump(60000);
  assert.equal(pings(ws), sent + 1, 'one late tick, one ping');
  assertKept(s, ws, mark, 'paused');
  serve(s, 30000);
  assertKept(s, ws, mark, 'paused');

  // Once pings can go out again, silence counts from the first one: half the timeout after it at the earliest.
  clock.jump(60000);
  clock.advance(SILENCE_MS / 2 - 1);
  assertKept(s, ws, mark, 'paused');
  clock.advance(1);
  await settle();
  assertGivenUp(s, ws, mark);
}));

test('a frozen page: an answer that waited behind the held-back timers arrives before the verdict, which then finds none', bounded(async () => {
  const s = await watched('paused');
  const ws = s.ws;
  const clock = s.world.clock;
  const mark = s.events.length;
  clock.advance(PING_MS); // a ping goes out, and the page freezes before its pong is delivered
  clock.jump(60000); // the late tick finds a minute of silence after an unanswered ping
  ws.receive(PONG); // the pong, delivered in the task before the verdict
  clock.advance(0);
  assertKept(s, ws, mark, 'paused');
  serve(s, 30000);
  assertKept(s, ws, mark, 'paused');
}));
