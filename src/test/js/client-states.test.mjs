/*
 * The state tables of docs/client.md, one test per cell: each row is reached as a page and a server would reach
 * it (client-session.mjs), then the column's call or arrival happens and the cell's promise is checked.
 * Run: cd src/test/js && node --test   (Maven runs it in the test phase; Node 20 also takes node --test src/test/js/).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { settle, status, plain, bounded, CLOSING } from './fakes.mjs';
import { Session, ROWS, STARTED, RECONNECTING, STOP_TIMEOUT_MS } from './client-session.mjs';

const INFO = { id: STARTED.id, mode: STARTED.mode };
const FATAL = { type: 'error', error: { name: 'RTMP_CONNECTION_FAILED', message: 'all retries failed', fatal: true } };
const NON_FATAL = { type: 'error', error: { name: 'STOPPED_BY_ADMIN', message: 'an operator stopped it', fatal: false } };

/** What can be seen from outside: compared before and after a cell that changes nothing. */
function snapshot(s) {
  return {
    state: s.state,
    paused: s.client.paused,
    events: s.events.length,
    sockets: s.world.sockets.length,
    recorders: s.world.recorders.length,
    sent: s.world.sockets.map((ws) => ws.sent.length),
    closeCalls: s.world.sockets.map((ws) => ws.closeCalls.length),
    recorderCalls: s.world.recorders.map((r) => r.calls.length),
  };
}

function assertUnchanged(s, before) {
  assert.deepEqual(snapshot(s), before);
}

/** The state events since a mark. */
function states(s, mark) {
  return s.emitted('state', mark);
}

/** "—" cells: nothing can arrive, the client has no socket that is open. */
function assertNoOpenSocket(s) {
  assert.equal(s.world.openSockets.length, 0);
  for (const ws of s.world.sockets) {
    assert.ok(ws.readyState >= CLOSING, 'the client closed every socket it made');
  }
}

/** "—" cells of the recorder: none, or one that no longer records. */
function assertNoActiveRecorder(s) {
  assert.equal(s.world.activeRecorders.length, 0);
  if (s.world.recorders.length > 0) {
    const before = snapshot(s);
    s.recorder.tracksEnded(); // a stopped recorder does not stop again
    assertUnchanged(s, before);
  }
}

/** stop() from a streaming state: the last chunk, then stop; resolves on destroyed. */
async function assertGracefulStop(s, wireBefore) {
  const mark = s.events.length;
  const stopped = s.stop();
  assert.equal(s.state, 'stopping');
  assert.equal(s.recorder.state, 'inactive');
  await settle();
  assert.deepEqual(s.ws.wire, [...wireBefore, 'chunk:last', 'stop']);
  assert.equal(await status(stopped), 'pending');
  s.ws.receive({ type: 'destroyed' });
  await stopped;
  assert.equal(s.state, 'stopped');
  assert.deepEqual(states(s, mark), ['stopping', 'stopped']);
  assert.deepEqual(s.ws.closeCalls, [1000]);
}

async function assertFatalServerError(s) {
  const mark = s.events.length;
  s.ws.receive(FATAL);
  await settle();
  assert.deepEqual(s.emitted('error', mark), [FATAL.error]);
  assert.equal(s.state, 'error');
  assert.equal(s.recorder.state, 'inactive');
  s.recorder.data('after');
  await settle();
  assert.ok(!s.ws.wire.includes('chunk:after'), 'no media after a fatal error');
}

async function assertNonFatalServerError(s) {
  const before = snapshot(s);
  s.ws.receive(NON_FATAL);
  await settle();
  assert.deepEqual(s.emitted('error', before.events), [NON_FATAL.error]);
  assertUnchanged(s, { ...before, events: before.events + 1 });
}

async function assertDestroyedEndsStream(s) {
  const mark = s.events.length;
  s.ws.receive({ type: 'destroyed' });
  await settle();
  assert.equal(s.emitted('destroyed', mark).length, 1);
  assert.equal(s.state, 'stopped');
  assert.equal(s.recorder.state, 'inactive');
  assert.deepEqual(s.ws.closeCalls, [1000]);
  assert.equal(s.emitted('error', mark).length, 0);
}

async function assertIgnored(s, message) {
  const before = snapshot(s);
  s.ws.receive(message);
  await settle();
  assertUnchanged(s, before);
}

async function assertConnectionLost(s) {
  const mark = s.events.length;
  s.ws.closed(1006);
  await settle();
  assert.deepEqual(s.emitted('error', mark).map((e) => [e.name, e.fatal]), [['CONNECTION_LOST', true]]);
  assert.equal(s.state, 'error');
  assert.equal(s.recorder.state, 'inactive');
}

async function assertNoStopTimer(s) {
  const state = s.state;
  const closeCalls = s.ws ? s.ws.closeCalls.length : 0;
  s.world.clock.advance(STOP_TIMEOUT_MS * 6);
  await settle();
  assert.equal(s.state, state);
  assert.equal(s.ws ? s.ws.closeCalls.length : 0, closeCalls, 'no timer closed the socket');
}

/** Tracks ended while streaming: the recorder stopped by itself, and the client ends the stream properly. */
async function assertTracksEndStops(s, wireBefore) {
  const mark = s.events.length;
  s.recorder.tracksEnded();
  await settle();
  assert.equal(s.state, 'stopping');
  assert.deepEqual(s.ws.wire, [...wireBefore, 'chunk:last', 'stop']);
  assert.equal(s.emitted('error', mark).length, 0);
  s.ws.receive({ type: 'destroyed' });
  await settle();
  assert.equal(s.state, 'stopped');
}

async function assertRecorderErrorFails(s) {
  const mark = s.events.length;
  s.recorder.fail();
  await settle();
  assert.deepEqual(s.emitted('error', mark).map((e) => [e.name, e.fatal]), [['RECORDER_ERROR', true]]);
  assert.equal(s.state, 'error');
  assert.deepEqual(s.ws.closeCalls, [1000]);
}

/** The wire of a row once reached: what the server has seen so far. */
const WIRE = {
  live: ['start', 'chunk:first'],
  paused: ['start', 'chunk:first', 'pause'],
  reconnecting: ['start', 'chunk:first'],
  'reconnecting, paused': ['start', 'chunk:first', 'pause'],
};

/** @type {Record<string, Record<string, Record<string, (s: Session) => Promise<void>>>>} */
const TABLES = {
  'calls': {
    idle: {
      'start()': async (s) => {
        const started = s.start();
        await settle();
        assert.equal(s.state, 'connecting');
        assert.equal(s.world.sockets.length, 1);
        assert.equal(s.world.recorders.length, 1);
        assert.equal(s.recorder.state, 'inactive', 'the recorder starts only after started');
        assert.equal(s.ws.url, 'ws://relay.test/relay/stream');
        s.ws.open();
        await settle();
        assert.deepEqual(s.ws.texts.map((m) => [m.type, m.config.rtmp, m.config.mimeType, m.config.framerate, m.config.audioSampleRate]),
          [['start', 'rtmp://ingest.test/live/key', 'video/x-matroska;codecs=avc1,opus', 30, 44100]]);
        assert.equal(await status(started), 'pending');
      },
      'pause()': async (s) => {
        const before = snapshot(s);
        s.client.pause();
        await settle();
        assertUnchanged(s, before);
      },
      'stop()': async (s) => {
        const before = snapshot(s);
        await s.stop();
        assertUnchanged(s, before);
      },
    },
    connecting: {
      'start()': async (s) => {
        const before = snapshot(s);
        const again = s.start();
        await settle();
        assert.equal(again, s.startPromise, 'the pending start, not a new one');
        assertUnchanged(s, before);
        s.ws.receive(STARTED);
        assert.deepEqual(plain(await again), INFO);
      },
      'pause()': async (s) => {
        const before = snapshot(s);
        s.client.pause();
        await settle();
        assertUnchanged(s, before);
        assert.deepEqual(s.recorder.calls, []);
      },
      'stop()': async (s) => {
        const mark = s.events.length;
        const stopped = s.stop();
        await assert.rejects(s.startPromise, { name: 'ABORTED' });
        assert.equal(s.state, 'stopping');
        assert.deepEqual(s.ws.closeCalls, [1000]);
        assert.deepEqual(s.ws.wire, ['start'], 'no stop message: the stream never started');
        assert.equal(await status(stopped), 'pending');
        s.ws.closed(1000);
        await stopped;
        assert.equal(s.state, 'stopped');
        assert.deepEqual(states(s, mark), ['stopping', 'stopped']);
        assert.equal(s.emitted('error', mark).length, 0);
      },
    },
    live: {
      'start()': async (s) => {
        const before = snapshot(s);
        assert.deepEqual(plain(await s.start()), INFO);
        assertUnchanged(s, before);
      },
      'pause()': async (s) => {
        const mark = s.events.length;
        s.client.pause();
        await settle();
        assert.equal(s.state, 'paused');
        assert.equal(s.client.paused, true);
        assert.equal(s.recorder.state, 'paused');
        assert.deepEqual(s.ws.wire, [...WIRE.live, 'pause']);
        assert.deepEqual(states(s, mark), ['paused']);
      },
      'stop()': (s) => assertGracefulStop(s, WIRE.live),
    },
    paused: {
      'start()': async (s) => {
        const mark = s.events.length;
        assert.deepEqual(plain(await s.start()), INFO);
        await settle();
        assert.equal(s.state, 'live');
        assert.equal(s.recorder.state, 'recording');
        assert.deepEqual(s.ws.wire, [...WIRE.paused, 'resume']);
        assert.deepEqual(states(s, mark), ['live']);
      },
      'pause()': async (s) => {
        const before = snapshot(s);
        s.client.pause();
        await settle();
        assertUnchanged(s, before);
      },
      'stop()': (s) => assertGracefulStop(s, WIRE.paused),
    },
    reconnecting: {
      'start()': async (s) => {
        const before = snapshot(s);
        const first = s.start();
        const second = s.start();
        await settle();
        assertUnchanged(s, before);
        assert.deepEqual(plain(await first), INFO);
        assert.deepEqual(plain(await second), INFO);
      },
      'pause()': async (s) => {
        const mark = s.events.length;
        s.client.pause();
        await settle();
        assert.equal(s.state, 'reconnecting', 'the RTMP side is still down');
        assert.equal(s.client.paused, true);
        assert.equal(s.recorder.state, 'paused');
        assert.deepEqual(s.ws.wire, [...WIRE.reconnecting, 'pause']);
        assert.deepEqual(states(s, mark), []);
        s.ws.receive({ type: 'live' });
        assert.equal(s.state, 'paused', 'back from reconnecting as paused');
        assert.deepEqual(states(s, mark), ['paused']);
      },
      'stop()': (s) => assertGracefulStop(s, WIRE.reconnecting),
    },
    'reconnecting, paused': {
      'start()': async (s) => {
        const mark = s.events.length;
        const started = s.start();
        await settle();
        assert.equal(s.world.sockets.length, 1);
        assert.equal(s.world.recorders.length, 1);
        assert.deepEqual(plain(await started), INFO);
        assert.equal(s.state, 'reconnecting');
        assert.equal(s.client.paused, false);
        assert.equal(s.recorder.state, 'recording');
        assert.deepEqual(s.ws.wire, [...WIRE['reconnecting, paused'], 'resume']);
        s.ws.receive({ type: 'live' });
        assert.equal(s.state, 'live');
        assert.deepEqual(states(s, mark), ['live']);
      },
      'pause()': async (s) => {
        const before = snapshot(s);
        s.client.pause();
        await settle();
        assertUnchanged(s, before);
      },
      'stop()': (s) => assertGracefulStop(s, WIRE['reconnecting, paused']),
    },
    stopping: {
      'start()': async (s) => {
        const before = snapshot(s);
        await assert.rejects(s.start(), { name: 'INVALID_STATE', fatal: false });
        await settle();
        assertUnchanged(s, before);
      },
      'pause()': async (s) => {
        const before = snapshot(s);
        s.client.pause();
        await settle();
        assertUnchanged(s, before);
      },
      'stop()': async (s) => {
        const before = snapshot(s);
        assert.equal(s.stop(), s.stopPromise);
        await settle();
        assertUnchanged(s, before);
      },
    },
    stopped: {
      'start()': async (s) => {
        const old = s.ws;
        const oldSent = old.sent.length;
        const mark = s.events.length;
        const started = s.start();
        await settle();
        assert.equal(s.state, 'connecting');
        assert.equal(s.world.sockets.length, 2);
        assert.equal(s.world.recorders.length, 2);
        assert.equal(s.client.id, null);
        assert.equal(old.sent.length, oldSent);
        assert.equal(old.onclose, null, 'the closing socket of the last stream can no longer touch this one');
        s.ws.open();
        await settle();
        assert.deepEqual(s.ws.wire, ['start']);
        s.ws.receive({ ...STARTED, id: 'stream-2' });
        assert.deepEqual(plain(await started), { id: 'stream-2', mode: 'copy' });
        assert.deepEqual(states(s, mark), ['connecting', 'live']);
      },
      'pause()': async (s) => {
        const before = snapshot(s);
        s.client.pause();
        await settle();
        assertUnchanged(s, before);
      },
      'stop()': async (s) => {
        const before = snapshot(s);
        await s.stop();
        assertUnchanged(s, before);
      },
    },
    error: {
      'start()': async (s) => {
        const old = s.ws;
        assert.equal(old.readyState, 1, 'still open, waiting for destroyed');
        s.start();
        await settle();
        assert.deepEqual(old.closeCalls, [1000]);
        assert.equal(old.onmessage, null, 'the old socket can no longer reach the new stream');
        assert.equal(s.state, 'connecting');
        assert.equal(s.world.sockets.length, 2);
        assert.equal(s.world.recorders.length, 2);
      },
      'pause()': async (s) => {
        const before = snapshot(s);
        s.client.pause();
        await settle();
        assertUnchanged(s, before);
      },
      'stop()': async (s) => {
        const mark = s.events.length;
        await s.stop();
        assert.equal(s.state, 'error');
        assert.deepEqual(s.ws.closeCalls, [1000]);
        assert.equal(s.events.length, mark);
      },
    },
  },

  'server messages': {
    idle: cellsForNoSocket(['started', 'reconnecting', 'live', 'error (fatal)', 'error (non-fatal)', 'destroyed']),
    connecting: {
      started: async (s) => {
        const mark = s.events.length;
        s.ws.receive(STARTED);
        assert.deepEqual(plain(await s.startPromise), INFO);
        assert.equal(s.state, 'live');
        assert.equal(s.recorder.state, 'recording');
        assert.equal(s.recorder.timeslice, 250);
        assert.deepEqual(s.emitted('started', mark), [INFO]);
        assert.equal(s.client.id, 'stream-1');
        assert.equal(s.client.mode, 'copy');
      },
      reconnecting: async (s) => {
        const before = snapshot(s);
        s.ws.receive(RECONNECTING);
        assert.deepEqual(s.emitted('reconnecting', before.events), [{ source: 'server', attempt: 1, maxAttempts: 5, delayMs: 1000 }]);
        assertUnchanged(s, { ...before, events: before.events + 1 });
        assert.equal(await status(s.startPromise), 'pending');
      },
      live: (s) => assertIgnored(s, { type: 'live' }),
      'error (fatal)': async (s) => {
        const mark = s.events.length;
        s.ws.receive(FATAL);
        await assert.rejects(s.startPromise, { name: 'RTMP_CONNECTION_FAILED', fatal: true });
        assert.deepEqual(s.emitted('error', mark), [FATAL.error]);
        assert.equal(s.state, 'error');
        assert.deepEqual(s.ws.closeCalls, [], 'the socket waits for destroyed');
        s.ws.receive({ type: 'destroyed' });
        assert.deepEqual(s.ws.closeCalls, [1000]);
      },
      'error (non-fatal)': async (s) => {
        await assertNonFatalServerError(s);
        assert.equal(await status(s.startPromise), 'pending');
      },
      destroyed: async (s) => {
        const mark = s.events.length;
        s.ws.receive({ type: 'destroyed' });
        await assert.rejects(s.startPromise, { name: 'CONNECTION_FAILED' });
        assert.equal(s.emitted('destroyed', mark).length, 1);
        assert.deepEqual(s.emitted('error', mark).map((e) => e.name), ['CONNECTION_FAILED']);
        assert.equal(s.state, 'error');
        assert.deepEqual(s.ws.closeCalls, [1000]);
      },
    },
    live: {
      started: (s) => assertIgnored(s, STARTED),
      reconnecting: async (s) => {
        const mark = s.events.length;
        s.ws.receive(RECONNECTING);
        assert.equal(s.state, 'reconnecting');
        assert.deepEqual(s.emitted('reconnecting', mark), [{ source: 'server', attempt: 1, maxAttempts: 5, delayMs: 1000 }]);
        assert.deepEqual(states(s, mark), ['reconnecting']);
        s.recorder.data('held');
        await settle();
        assert.deepEqual(s.ws.wire, [...WIRE.live, 'chunk:held'], 'media keeps flowing: the server holds it');
      },
      live: (s) => assertIgnored(s, { type: 'live' }),
      'error (fatal)': (s) => assertFatalServerError(s),
      'error (non-fatal)': (s) => assertNonFatalServerError(s),
      destroyed: (s) => assertDestroyedEndsStream(s),
    },
    paused: {
      started: (s) => assertIgnored(s, STARTED),
      reconnecting: async (s) => {
        const before = snapshot(s);
        s.ws.receive(RECONNECTING);
        assert.equal(s.state, 'reconnecting');
        assert.equal(s.client.paused, true);
        assert.equal(s.recorder.state, 'paused');
        assert.deepEqual(s.ws.sent.length, before.sent[0], 'nothing sent');
      },
      live: (s) => assertIgnored(s, { type: 'live' }),
      'error (fatal)': (s) => assertFatalServerError(s),
      'error (non-fatal)': (s) => assertNonFatalServerError(s),
      destroyed: (s) => assertDestroyedEndsStream(s),
    },
    reconnecting: {
      started: (s) => assertIgnored(s, STARTED),
      reconnecting: async (s) => {
        const before = snapshot(s);
        s.ws.receive({ ...RECONNECTING, attempt: 2, delayMs: 2000 });
        assert.deepEqual(s.emitted('reconnecting', before.events), [{ source: 'server', attempt: 2, maxAttempts: 5, delayMs: 2000 }]);
        assertUnchanged(s, { ...before, events: before.events + 1 });
      },
      live: async (s) => {
        const mark = s.events.length;
        s.ws.receive({ type: 'live' });
        assert.equal(s.state, 'live');
        assert.deepEqual(states(s, mark), ['live']);
      },
      'error (fatal)': (s) => assertFatalServerError(s),
      'error (non-fatal)': (s) => assertNonFatalServerError(s),
      destroyed: (s) => assertDestroyedEndsStream(s),
    },
    'reconnecting, paused': {
      started: (s) => assertIgnored(s, STARTED),
      reconnecting: async (s) => {
        const before = snapshot(s);
        s.ws.receive({ ...RECONNECTING, attempt: 2, delayMs: 2000 });
        assertUnchanged(s, { ...before, events: before.events + 1 });
        assert.equal(s.client.paused, true);
      },
      live: async (s) => {
        const mark = s.events.length;
        const sent = s.ws.sent.length;
        s.ws.receive({ type: 'live' });
        await settle();
        assert.equal(s.state, 'paused');
        assert.equal(s.recorder.state, 'paused');
        assert.equal(s.ws.sent.length, sent, 'nothing sent: the server knows of the pause already');
        assert.deepEqual(states(s, mark), ['paused']);
      },
      'error (fatal)': (s) => assertFatalServerError(s),
      'error (non-fatal)': (s) => assertNonFatalServerError(s),
      destroyed: (s) => assertDestroyedEndsStream(s),
    },
    stopping: {
      started: (s) => assertIgnored(s, STARTED),
      reconnecting: async (s) => {
        const before = snapshot(s);
        s.ws.receive(RECONNECTING);
        assertUnchanged(s, { ...before, events: before.events + 1 });
        assert.deepEqual(s.emitted('reconnecting', before.events).length, 1);
      },
      live: (s) => assertIgnored(s, { type: 'live' }),
      'error (fatal)': async (s) => {
        const mark = s.events.length;
        s.ws.receive(FATAL);
        await settle();
        assert.deepEqual(s.emitted('error', mark), [FATAL.error]);
        assert.equal(s.state, 'error');
        assert.equal(await status(s.stopPromise), 'pending');
        s.ws.receive({ type: 'destroyed' });
        await s.stopPromise;
        assert.equal(s.state, 'error');
        assert.deepEqual(s.ws.closeCalls, [1000]);
      },
      'error (non-fatal)': async (s) => {
        await assertNonFatalServerError(s);
        assert.equal(await status(s.stopPromise), 'pending');
      },
      destroyed: async (s) => {
        const mark = s.events.length;
        s.ws.receive({ type: 'destroyed' });
        await s.stopPromise;
        assert.equal(s.emitted('destroyed', mark).length, 1);
        assert.equal(s.state, 'stopped');
        assert.deepEqual(s.ws.closeCalls, [1000]);
      },
    },
    stopped: cellsForNoSocket(['started', 'reconnecting', 'live', 'error (fatal)', 'error (non-fatal)', 'destroyed']),
    error: {
      started: (s) => assertIgnored(s, STARTED),
      reconnecting: async (s) => {
        const before = snapshot(s);
        s.ws.receive(RECONNECTING);
        assertUnchanged(s, { ...before, events: before.events + 1 });
        assert.deepEqual(s.emitted('reconnecting', before.events).length, 1);
      },
      live: (s) => assertIgnored(s, { type: 'live' }),
      'error (fatal)': async (s) => {
        const before = snapshot(s);
        s.ws.receive(FATAL);
        assert.deepEqual(s.emitted('error', before.events), [FATAL.error]);
        assertUnchanged(s, { ...before, events: before.events + 1 });
      },
      'error (non-fatal)': (s) => assertNonFatalServerError(s),
      destroyed: async (s) => {
        const mark = s.events.length;
        s.ws.receive({ type: 'destroyed' });
        await settle();
        assert.equal(s.emitted('destroyed', mark).length, 1);
        assert.equal(s.state, 'error');
        assert.deepEqual(states(s, mark), []);
        assert.deepEqual(s.ws.closeCalls, [1000]);
      },
    },
  },

  'connection and recorder': {
    idle: {
      'socket closes': async (s) => assert.equal(s.world.sockets.length, 0),
      'stop timer fires': (s) => assertNoStopTimer(s),
      'tracks end': async (s) => assert.equal(s.world.recorders.length, 0),
      'recorder error': async (s) => assert.equal(s.world.recorders.length, 0),
    },
    connecting: {
      'socket closes': async (s) => {
        const mark = s.events.length;
        s.ws.closed(1006);
        await assert.rejects(s.startPromise, { name: 'CONNECTION_FAILED', fatal: true });
        assert.deepEqual(s.emitted('error', mark).map((e) => e.name), ['CONNECTION_FAILED']);
        assert.equal(s.state, 'error');
      },
      'stop timer fires': async (s) => {
        await assertNoStopTimer(s);
        assert.equal(await status(s.startPromise), 'pending');
      },
      'tracks end': async (s) => {
        assert.equal(s.recorder.state, 'inactive', 'not started: it has nothing to stop');
        assertNoActiveRecorder(s);
      },
      'recorder error': async (s) => {
        await assertRecorderErrorFails(s);
        await assert.rejects(s.startPromise, { name: 'RECORDER_ERROR' });
      },
    },
    live: {
      'socket closes': (s) => assertConnectionLost(s),
      'stop timer fires': (s) => assertNoStopTimer(s),
      'tracks end': (s) => assertTracksEndStops(s, WIRE.live),
      'recorder error': (s) => assertRecorderErrorFails(s),
    },
    paused: {
      'socket closes': (s) => assertConnectionLost(s),
      'stop timer fires': (s) => assertNoStopTimer(s),
      'tracks end': (s) => assertTracksEndStops(s, WIRE.paused),
      'recorder error': (s) => assertRecorderErrorFails(s),
    },
    reconnecting: {
      'socket closes': (s) => assertConnectionLost(s),
      'stop timer fires': (s) => assertNoStopTimer(s),
      'tracks end': (s) => assertTracksEndStops(s, WIRE.reconnecting),
      'recorder error': (s) => assertRecorderErrorFails(s),
    },
    'reconnecting, paused': {
      'socket closes': (s) => assertConnectionLost(s),
      'stop timer fires': (s) => assertNoStopTimer(s),
      'tracks end': (s) => assertTracksEndStops(s, WIRE['reconnecting, paused']),
      'recorder error': (s) => assertRecorderErrorFails(s),
    },
    stopping: {
      'socket closes': async (s) => {
        const mark = s.events.length;
        s.ws.closed(1000);
        await s.stopPromise;
        assert.equal(s.state, 'stopped');
        assert.equal(s.emitted('error', mark).length, 0);
      },
      'stop timer fires': async (s) => {
        const mark = s.events.length;
        s.world.clock.advance(STOP_TIMEOUT_MS - 1);
        assert.equal(await status(s.stopPromise), 'pending');
        s.world.clock.advance(1);
        await s.stopPromise;
        assert.equal(s.state, 'stopped');
        assert.deepEqual(s.ws.closeCalls, [1000]);
        assert.equal(s.ws.onclose, null, 'given up: its late close changes nothing');
        assert.equal(s.emitted('error', mark).length, 0);
      },
      'tracks end': async (s) => assertNoActiveRecorder(s),
      'recorder error': async (s) => assertNoActiveRecorder(s),
    },
    stopped: {
      'socket closes': async (s) => {
        const before = snapshot(s);
        s.ws.closed(1000);
        await settle();
        assertUnchanged(s, before);
      },
      'stop timer fires': async (s) => {
        assert.equal(s.world.clock.pending, 0, 'no timer left: stats, ping and stop timers all cleared');
        await assertNoStopTimer(s);
      },
      'tracks end': async (s) => assertNoActiveRecorder(s),
      'recorder error': async (s) => assertNoActiveRecorder(s),
    },
    error: {
      'socket closes': async (s) => {
        const before = snapshot(s);
        s.ws.closed(1006);
        await settle();
        assertUnchanged(s, before);
        assert.equal(s.world.clock.pending, 0, 'the stop timer is cleared');
      },
      'stop timer fires': async (s) => {
        const before = snapshot(s);
        s.world.clock.advance(STOP_TIMEOUT_MS);
        await settle();
        assert.deepEqual(s.ws.closeCalls, [1000]);
        assert.equal(s.state, 'error');
        assert.equal(s.events.length, before.events);
      },
      'tracks end': async (s) => assertNoActiveRecorder(s),
      'recorder error': async (s) => assertNoActiveRecorder(s),
    },
  },
};

/** Cells of a row without an open socket: nothing can arrive. */
function cellsForNoSocket(columns) {
  return Object.fromEntries(columns.map((column) => [column, async (s) => assertNoOpenSocket(s)]));
}

for (const [table, rows] of Object.entries(TABLES)) {
  describe(`state table: ${table}`, () => {
    test('has every row', () => assert.deepEqual(Object.keys(rows), ROWS));
    const columns = Object.keys(rows.idle);
    for (const row of ROWS) {
      test(`${row}: has every column`, () => assert.deepEqual(Object.keys(rows[row]), columns));
      for (const column of columns) {
        test(`${row} × ${column}`, bounded(async () => {
          const s = await new Session({ stopTimeout: STOP_TIMEOUT_MS }).reach(row);
          await rows[row][column](s);
          await settle();
          s.checkSingles();
        }));
      }
    }
  });
}
