/*
 * Issue 12 end to end: while the server reconnects to the RTMP server, start() and pause() act on the one
 * stream there is, and the pause and resume messages match what the recorder did.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settle, plain, bounded } from './fakes.mjs';
import { Session, RECONNECTING, STARTED, STOP_TIMEOUT_MS } from './client-session.mjs';

test('start() while reconnecting, again and again, never opens a second socket or recorder', bounded(async () => {
  const s = await new Session().reach('reconnecting');
  const starts = [s.start(), s.start(), s.start()];
  await settle();
  assert.equal(s.world.sockets.length, 1);
  assert.equal(s.world.recorders.length, 1);
  assert.deepEqual(plain(await Promise.all(starts)), [1, 2, 3].map(() => ({ id: STARTED.id, mode: STARTED.mode })));
  assert.deepEqual(s.recorder.calls, ['start']);
  assert.deepEqual(s.ws.wire, ['start', 'chunk:first']);
  s.checkSingles();
}));

test('pause, resume and pause again across a reconnect: the server hears each once, in order with the media', bounded(async () => {
  const s = await new Session().reach('live');
  const mark = s.events.length;
  s.ws.receive(RECONNECTING);
  s.recorder.data('held-1');
  s.client.pause();
  s.ws.receive({ ...RECONNECTING, attempt: 2, delayMs: 2000 });
  s.client.pause(); // already paused: nothing more to say
  await s.start();
  s.recorder.data('held-2');
  s.client.pause();
  s.ws.receive({ type: 'live' });
  assert.equal(s.state, 'paused');
  await s.start();
  s.recorder.data('after');
  await settle();
  assert.deepEqual(s.ws.wire,
    ['start', 'chunk:first', 'chunk:held-1', 'pause', 'resume', 'chunk:held-2', 'pause', 'resume', 'chunk:after']);
  assert.deepEqual(s.recorder.calls, ['start', 'pause', 'resume', 'pause', 'resume']);
  assert.deepEqual(s.emitted('state', mark), ['reconnecting', 'paused', 'live']);
  assert.equal(s.state, 'live');
  s.checkSingles();
}));

test('the paused property follows the recorder through a reconnect', bounded(async () => {
  const s = await new Session().reach('live');
  assert.equal(s.client.paused, false);
  s.ws.receive(RECONNECTING);
  s.client.pause();
  assert.equal(s.client.paused, true);
  s.stop();
  assert.equal(s.client.paused, false);
}));

test('a stop() overtaken by a fatal error is settled by the next start(), and the next stop() stops the new stream', bounded(async () => {
  const s = await new Session({ stopTimeout: STOP_TIMEOUT_MS }).reach('stopping');
  s.ws.receive({ type: 'error', error: { name: 'FFMPEG_UNEXPECTED_END', message: 'gone', fatal: true } });
  assert.equal(s.state, 'error');
  const firstStop = s.stopPromise;
  s.start();
  await settle();
  await firstStop;
  s.ws.open();
  s.ws.receive({ ...STARTED, id: 'stream-2' });
  await settle();
  assert.equal(s.state, 'live');
  const secondStop = s.stop();
  assert.notEqual(secondStop, firstStop);
  assert.equal(s.state, 'stopping');
  await settle();
  assert.deepEqual(s.ws.wire, ['start', 'chunk:last', 'stop']);
  s.ws.receive({ type: 'destroyed' });
  await secondStop;
  assert.equal(s.state, 'stopped');
  s.checkSingles();
}));
