/*
 * A stream survives the browser's network drop: when the WebSocket closes while streaming and the server gave a
 * resume token, the client tries new sockets with backoff within the grace period, sends resume with the newest
 * token, and on resumed records anew (a new recorder, its chunks from the first) on the new socket.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settle, status, bounded } from './fakes.mjs';
import { Session, STARTED, RECONNECTING } from './client-session.mjs';

const URL = 'ws://relay.test/relay/stream';
const MIME_TYPE = 'video/x-matroska;codecs=avc1,opus';
const GRACE_MS = 30000;
const RESUMABLE = { ...STARTED, resumeToken: 'token-1', resumeGraceSeconds: GRACE_MS / 1000 };
const RESUMED = { type: 'resumed', id: STARTED.id, mode: 'copy', resumeToken: 'token-2', resumeGraceSeconds: 30, paused: false, gapMs: 5123 };
const RESUME_FAILED = { type: 'error', error: { name: 'RESUME_FAILED', message: 'the token was used already', fatal: false } };

/**
 * Each try after a drop whose tries all fail at once: its number, its wait, the grace left when it is scheduled,
 * and when its socket is made (ms after the drop). A tenth would begin at 32.5 s, after the grace period.
 */
const BACKOFF = [
  [1, 0, 30000, 0],
  [2, 500, 30000, 500],
  [3, 1000, 29500, 1500],
  [4, 2000, 28500, 3500],
  [5, 4000, 26500, 7500],
  [6, 5000, 22500, 12500],
  [7, 5000, 17500, 17500],
  [8, 5000, 12500, 22500],
  [9, 5000, 7500, 27500],
];

/** A client live on a stream that can be resumed, its first chunk sent. */
function resumable(options = {}, row = 'live') {
  return new Session(options, RESUMABLE).reach(row);
}

/** The network drops the current socket; the client's first try is made at once. */
async function drop(s, code = 1006) {
  s.ws.closed(code);
  await settle();
}

/** The current try's socket opens, and the server answers its resume with message. */
async function answer(s, message) {
  s.ws.open();
  await settle();
  s.ws.receive(message);
  await settle();
}

function connectionTries(s, mark) {
  return s.emitted('reconnecting', mark).filter((e) => e.source === 'connection');
}

test('a drop while live: tries at once, then after 0.5, 1, 2, 4 and 5 s, each a new socket to the same URL, until the grace period is over; then CONNECTION_LOST', bounded(async () => {
  const s = await resumable();
  const clock = s.world.clock;
  const mark = s.events.length;
  const droppedAt = clock.now;
  await drop(s);
  assert.equal(s.state, 'reconnecting');
  assert.equal(s.recorder.state, 'inactive', 'the old recorder cannot go on over another socket');
  for (const [attempt, delayMs, graceRemainingMs, at] of BACKOFF) {
    const tries = connectionTries(s, mark);
    assert.equal(tries.length, attempt);
    assert.deepEqual(tries[attempt - 1], { source: 'connection', cause: 'closed', attempt, maxAttempts: 0, delayMs, graceRemainingMs });
    if (delayMs > 0) {
      const before = s.world.sockets.length;
      clock.advance(delayMs - 1);
      assert.equal(s.world.sockets.length, before, `try ${attempt} waits ${delayMs} ms`);
      clock.advance(1);
    }
    assert.equal(s.world.sockets.length, 1 + attempt);
    assert.equal(clock.now - droppedAt, at);
    assert.equal(s.ws.url, URL);
    s.checkSingles();
    s.ws.closed(1006); // this try fails too
    await settle();
  }
  assert.equal(s.state, 'reconnecting');
  clock.advance(droppedAt + GRACE_MS - clock.now - 1);
  assert.equal(s.state, 'reconnecting');
  assert.equal(s.world.sockets.length, 1 + BACKOFF.length, 'no try that could not begin within the grace period');
  clock.advance(1);
  await settle();
  assert.equal(s.state, 'error');
  assert.deepEqual(s.emitted('error', mark).map((e) => [e.name, e.fatal]), [['CONNECTION_LOST', true]]);
  assert.deepEqual(s.emitted('state', mark), ['reconnecting', 'error']);
  assert.equal(s.emitted('resumed', mark).length, 0);
  clock.advance(60000);
  assert.equal(s.world.sockets.length, 1 + BACKOFF.length);
  assert.equal(clock.pending, 0, 'no timer left');
}));

test('resume carries the id, the token and the mimeType; resumed brings a new recorder whose chunks go on the new socket, the old one\'s do not', bounded(async () => {
  const s = await resumable();
  const mark = s.events.length;
  const [oldWs, oldRecorder] = [s.ws, s.recorder];
  oldRecorder.data('unsent'); // queued when the socket drops: lost with the old recorder's file
  await drop(s);
  const ws = s.ws;
  assert.notEqual(ws, oldWs);
  ws.open();
  await settle();
  assert.deepEqual(ws.texts, [{ type: 'resume', id: STARTED.id, token: 'token-1', mimeType: MIME_TYPE }]);
  assert.equal(s.world.recorders.length, 1, 'the new recorder comes with resumed');
  assert.equal(s.state, 'reconnecting');
  ws.receive(RESUMED);
  await settle();
  assert.equal(s.world.recorders.length, 2);
  const recorder = s.recorder;
  assert.deepEqual(recorder.calls, ['start']);
  assert.equal(recorder.timeslice, 250);
  assert.equal(recorder.stream, oldRecorder.stream);
  assert.deepEqual(recorder.options, oldRecorder.options);
  recorder.data('fresh-1');
  oldRecorder.data('late');
  recorder.data('fresh-2');
  await settle();
  assert.deepEqual(ws.wire, ['resume', 'chunk:fresh-1', 'chunk:fresh-2']);
  assert.deepEqual(oldWs.wire, ['start', 'chunk:first']);
  assert.equal(s.state, 'live');
  assert.deepEqual(s.emitted('state', mark), ['reconnecting', 'live']);
  assert.deepEqual(s.emitted('resumed', mark), [{ id: STARTED.id, gapMs: 5123, attempts: 1 }]);
  assert.deepEqual(s.emitted('error', mark), []);
  s.checkSingles();

  // The resumed socket carries the stream: a stop is sent on it as usual.
  const stopped = s.stop();
  await settle();
  assert.deepEqual(ws.wire, ['resume', 'chunk:fresh-1', 'chunk:fresh-2', 'chunk:last', 'stop']);
  ws.receive({ type: 'destroyed' });
  await stopped;
  assert.equal(s.state, 'stopped');
  assert.equal(s.world.clock.pending, 0);
}));

test('the second drop resumes with the newest token, its own count of tries and the grace period resumed gave', bounded(async () => {
  const s = await resumable();
  await drop(s);
  s.ws.closed(1006); // the first try fails: two tries to resume
  s.world.clock.advance(500);
  await answer(s, { ...RESUMED, resumeGraceSeconds: 20 });
  assert.deepEqual(s.emitted('resumed').map((e) => e.attempts), [2]);
  s.recorder.data('fresh');
  await settle();
  const mark = s.events.length;
  await drop(s);
  assert.deepEqual(connectionTries(s, mark), [{ source: 'connection', cause: 'closed', attempt: 1, maxAttempts: 0, delayMs: 0, graceRemainingMs: 20000 }]);
  assert.equal(s.recorder.state, 'inactive');
  await answer(s, { ...RESUMED, resumeToken: 'token-3', gapMs: 42 });
  assert.deepEqual(s.ws.texts[0], { type: 'resume', id: STARTED.id, token: 'token-2', mimeType: MIME_TYPE });
  assert.deepEqual(s.emitted('resumed', mark), [{ id: STARTED.id, gapMs: 42, attempts: 1 }]);
  assert.equal(s.world.recorders.length, 3);
  assert.equal(s.state, 'live');
  s.checkSingles();
}));

test('RESUME_FAILED: the error, fatal, then state error, the socket closed and no more tries', bounded(async () => {
  const s = await resumable();
  const mark = s.events.length;
  await drop(s);
  await answer(s, RESUME_FAILED);
  assert.deepEqual(s.emitted('error', mark), [{ name: 'RESUME_FAILED', message: 'the token was used already', fatal: true }]);
  assert.equal(s.state, 'error');
  assert.deepEqual(s.emitted('state', mark), ['reconnecting', 'error']);
  assert.deepEqual(s.ws.closeCalls, [1000]);
  const sockets = s.world.sockets.length;
  s.ws.closed(1000);
  s.world.clock.advance(60000);
  await settle();
  assert.equal(s.world.sockets.length, sockets);
  assert.equal(s.world.recorders.length, 1);
  assert.equal(s.world.clock.pending, 0);
  assert.equal(s.emitted('error', mark).length, 1);
}));

test('RESUME_FAILED outside a resume is an ordinary non-fatal error', bounded(async () => {
  const s = await resumable();
  s.ws.receive(RESUME_FAILED);
  await settle();
  assert.equal(s.state, 'live');
  assert.deepEqual(s.emitted('error'), [RESUME_FAILED.error]);
}));

test('a try whose socket does not open within 10 s is closed and the next begins; one that opened waits for its answer', bounded(async () => {
  const s = await resumable();
  const clock = s.world.clock;
  const mark = s.events.length;
  await drop(s);
  const hung = s.ws;
  clock.advance(9999);
  assert.equal(s.world.sockets.length, 2);
  clock.advance(1);
  assert.deepEqual(hung.closeCalls, [1000]);
  assert.equal(hung.onclose, null, 'given up: its late events change nothing');
  assert.deepEqual(connectionTries(s, mark).at(-1), { source: 'connection', cause: 'closed', attempt: 2, maxAttempts: 0, delayMs: 500, graceRemainingMs: 20000 });
  clock.advance(500);
  assert.equal(s.world.sockets.length, 3);
  s.ws.open();
  clock.advance(15000);
  assert.equal(s.world.sockets.length, 3, 'an open socket may have spent the token: it is not given up');
  assert.equal(s.state, 'reconnecting');
  clock.advance(4500); // the grace period is over
  await settle();
  assert.equal(s.state, 'error');
  assert.deepEqual(s.emitted('error', mark).map((e) => e.name), ['CONNECTION_LOST']);
  assert.deepEqual(s.ws.closeCalls, [1000]);
}));

test('stop() while resuming: no more tries, the socket closed, state stopped, resolved at once', bounded(async () => {
  const s = await resumable();
  const mark = s.events.length;
  await drop(s);
  const trying = s.ws;
  const stopped = s.stop();
  assert.equal(await status(stopped), 'resolved');
  assert.equal(s.state, 'stopped');
  assert.deepEqual(s.emitted('state', mark), ['reconnecting', 'stopped']);
  assert.deepEqual(trying.closeCalls, [1000]);
  assert.equal(trying.onclose, null);
  assert.deepEqual(trying.sent, [], 'no stop: the server ends the stream after its grace period');
  s.world.clock.advance(60000);
  await settle();
  assert.equal(s.world.sockets.length, 2);
  assert.equal(s.world.clock.pending, 0);
  assert.deepEqual(s.emitted('error', mark), []);
  assert.equal(await status(s.stop()), 'resolved');
}));

test('stop() between two tries: the waiting try is not made', bounded(async () => {
  const s = await resumable();
  await drop(s);
  s.ws.closed(1006);
  await settle();
  await s.stop();
  s.world.clock.advance(60000);
  assert.equal(s.world.sockets.length, 2);
  assert.equal(s.state, 'stopped');
}));

test('a listener that stops the stream on reconnecting prevents the try', bounded(async () => {
  const s = await resumable();
  s.client.on('reconnecting', () => s.client.stop());
  await drop(s);
  assert.equal(s.state, 'stopped');
  assert.equal(s.world.sockets.length, 1);
  assert.equal(s.world.clock.pending, 0);
}));

test('paused before the drop and still paused: the new recorder waits for start(), which sends resume without token first', bounded(async () => {
  const s = await resumable({}, 'paused');
  const mark = s.events.length;
  await drop(s);
  assert.equal(s.client.paused, true);
  await answer(s, { ...RESUMED, paused: true });
  assert.equal(s.state, 'paused');
  assert.equal(s.client.paused, true);
  assert.deepEqual(s.recorder.calls, [], 'created, not started');
  assert.deepEqual(s.ws.wire, ['resume']);
  assert.deepEqual(s.emitted('state', mark), ['reconnecting', 'paused']);
  assert.deepEqual(s.emitted('resumed', mark).length, 1);
  await s.start();
  s.recorder.data('fresh');
  await settle();
  assert.deepEqual(s.ws.wire, ['resume', 'resume', 'chunk:fresh']);
  assert.deepEqual(s.ws.texts[1], { type: 'resume' });
  assert.deepEqual(s.recorder.calls, ['start']);
  assert.equal(s.recorder.timeslice, 250);
  assert.equal(s.state, 'live');
  s.checkSingles();
}));

test('paused before the drop, start() while resuming: after resumed (paused) the client sends resume, then records', bounded(async () => {
  const s = await resumable({}, 'paused');
  await drop(s);
  const started = s.start();
  assert.equal(await status(started), 'resolved');
  assert.equal(s.client.paused, false);
  assert.equal(s.state, 'reconnecting');
  assert.equal(s.world.recorders.length, 1, 'nothing to resume until resumed');
  await answer(s, { ...RESUMED, paused: true });
  s.recorder.data('fresh');
  await settle();
  assert.deepEqual(s.ws.wire, ['resume', 'resume', 'chunk:fresh']);
  assert.deepEqual(s.ws.texts[1], { type: 'resume' });
  assert.deepEqual(s.recorder.calls, ['start']);
  assert.equal(s.state, 'live');
}));

test('live before the drop, pause() while resuming: after resumed (not paused) the client sends pause and records nothing', bounded(async () => {
  const s = await resumable();
  const mark = s.events.length;
  await drop(s);
  s.client.pause();
  assert.equal(s.state, 'reconnecting');
  assert.equal(s.client.paused, true);
  s.client.pause(); // once is enough
  await answer(s, RESUMED);
  assert.deepEqual(s.ws.wire, ['resume', 'pause']);
  assert.deepEqual(s.recorder.calls, []);
  assert.equal(s.state, 'paused');
  assert.deepEqual(s.emitted('state', mark), ['reconnecting', 'paused']);
  await s.start();
  s.recorder.data('fresh');
  await settle();
  assert.deepEqual(s.ws.wire, ['resume', 'pause', 'resume', 'chunk:fresh']);
  assert.equal(s.state, 'live');
  s.checkSingles();
}));

test('pause() then start() while resuming: the latest wish counts, nothing more is said', bounded(async () => {
  const s = await resumable();
  await drop(s);
  s.client.pause();
  await s.start();
  assert.equal(s.client.paused, false);
  await answer(s, RESUMED);
  s.recorder.data('fresh');
  await settle();
  assert.deepEqual(s.ws.wire, ['resume', 'chunk:fresh']);
  assert.equal(s.state, 'live');
}));

test('paused across a drop, the server\'s pause lost with the old socket: resumed (not paused) is answered with pause', bounded(async () => {
  const s = await resumable();
  s.client.pause();
  s.ws.closed(1006); // before the pause went out
  await settle();
  assert.deepEqual(s.world.sockets[0].wire, ['start', 'chunk:first']);
  await answer(s, RESUMED);
  assert.deepEqual(s.ws.wire, ['resume', 'pause']);
  assert.equal(s.state, 'paused');
}));

test('a drop while the server reconnects to the RTMP server is resumed too; the server\'s reconnecting and live still work after', bounded(async () => {
  const s = await resumable({}, 'reconnecting');
  const mark = s.events.length;
  await drop(s);
  assert.deepEqual(s.emitted('reconnecting', mark).map((e) => e.source), ['connection']);
  s.ws.open();
  s.ws.receive({ type: 'live' }); // not the answer to resume: ignored
  assert.equal(s.state, 'reconnecting');
  s.ws.receive(RESUMED);
  await settle();
  assert.equal(s.state, 'live');
  s.ws.receive(RECONNECTING);
  assert.equal(s.state, 'reconnecting');
  assert.deepEqual(s.emitted('reconnecting', mark).at(-1), { source: 'server', attempt: 1, maxAttempts: 5, delayMs: 1000 });
  s.recorder.data('held');
  await settle();
  assert.deepEqual(s.ws.wire, ['resume', 'chunk:held'], 'media keeps flowing while the server reconnects');
  s.ws.receive({ type: 'live' });
  assert.equal(s.state, 'live');
}));

test('a fatal error while resuming ends the stream as it does today', bounded(async () => {
  const s = await resumable();
  await drop(s);
  await answer(s, { type: 'error', error: { name: 'TOO_MANY_CONNECTIONS', message: 'limit', fatal: true } });
  assert.equal(s.state, 'error');
  assert.deepEqual(s.emitted('error').map((e) => [e.name, e.fatal]), [['TOO_MANY_CONNECTIONS', true]]);
  s.world.clock.advance(60000);
  assert.equal(s.world.sockets.length, 2, 'no more tries');
}));

test('resume: false keeps today\'s behaviour: CONNECTION_LOST at the drop', bounded(async () => {
  const s = await resumable({ resume: false });
  const mark = s.events.length;
  await drop(s);
  assert.equal(s.state, 'error');
  assert.deepEqual(s.emitted('error', mark).map((e) => [e.name, e.fatal]), [['CONNECTION_LOST', true]]);
  assert.equal(s.world.sockets.length, 1);
  assert.equal(s.emitted('reconnecting', mark).length, 0);
}));

test('without a resumeToken in started (MP4, or the server does not offer it) a drop ends the stream as today', bounded(async () => {
  for (const started of [STARTED, { ...STARTED, resumeGraceSeconds: 30 }, { ...STARTED, resumeToken: 'token-1' }]) {
    const s = await new Session({}, started).reach('paused');
    const mark = s.events.length;
    await drop(s);
    assert.equal(s.state, 'error', JSON.stringify(started));
    assert.deepEqual(s.emitted('error', mark).map((e) => e.name), ['CONNECTION_LOST']);
    assert.equal(s.world.sockets.length, 1);
  }
}));

test('a drop while connecting is not resumed', bounded(async () => {
  const s = await resumable({}, 'connecting');
  s.ws.closed(1006);
  await assert.rejects(s.startPromise, { name: 'CONNECTION_FAILED' });
  assert.equal(s.world.sockets.length, 1);
}));

test('a resumed stream whose resumed carries no token ends as today at the next drop', bounded(async () => {
  const s = await resumable();
  await drop(s);
  await answer(s, { type: 'resumed', id: STARTED.id, mode: 'copy', paused: false, gapMs: 10 });
  assert.equal(s.state, 'live');
  await drop(s);
  assert.equal(s.state, 'error');
  assert.deepEqual(s.emitted('error').map((e) => e.name), ['CONNECTION_LOST']);
}));

test('start() after a failed resume begins a new stream on a new connection', bounded(async () => {
  const s = await resumable();
  await drop(s);
  await answer(s, RESUME_FAILED);
  s.start();
  await settle();
  assert.equal(s.state, 'connecting');
  assert.equal(s.client.id, null);
  s.ws.open();
  await settle();
  assert.deepEqual(s.ws.wire, ['start']);
}));
