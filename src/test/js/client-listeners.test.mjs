/*
 * on() and off(): they do not depend on the state. An unknown event name is accepted as the seed's emitter
 * accepts it, and warned about once per name.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { World, settle, bounded } from './fakes.mjs';
import { Session, STARTED } from './client-session.mjs';

function client(world) {
  return new world.BrowserToRtmpClient(world.mediaStream(), { url: 'ws://relay.test/relay/stream', rtmp: 'rtmp://ingest.test/live/key' });
}

test('on() accepts an unknown event name, returns the client and warns once per name', bounded(() => {
  const world = new World();
  const first = client(world);
  const second = client(world);
  assert.equal(first.on('onError', () => {}), first);
  first.on('onError', () => {});
  second.on('onError', () => {});
  second.on('progres', () => {});
  assert.deepEqual(world.warnings().map((w) => w.split(',')[0]), [
    'BrowserToRtmpClient: unknown event onError',
    'BrowserToRtmpClient: unknown event progres',
  ]);
  assert.match(world.warnings()[0], /known: error, destroyed, ffmpegOutput, started, progress, state, stats, backpressure, reconnecting/);
}));

test('on() with a known event name does not warn', bounded(() => {
  const world = new World();
  const c = client(world);
  for (const event of world.BrowserToRtmpClient.EVENTS) {
    c.on(event, () => {});
  }
  assert.deepEqual(world.warnings(), []);
}));

test('on() accepts a symbol as an event name', bounded(() => {
  const world = new World();
  const c = client(world);
  assert.equal(c.on(Symbol('mine'), () => {}), c);
  assert.match(world.warnings()[0], /unknown event Symbol\(mine\)/);
}));

test('a listener of an unknown event is kept and never called, and disturbs nothing', bounded(async () => {
  const s = new Session();
  let calls = 0;
  s.client.on('data', () => calls++);
  await s.reach('live');
  s.recorder.data('more');
  s.stop();
  await settle();
  s.ws.receive({ type: 'destroyed' });
  await settle();
  assert.equal(s.state, 'stopped');
  assert.equal(calls, 0);
  assert.deepEqual(s.ws.wire, ['start', 'chunk:first', 'chunk:more', 'chunk:last', 'stop']);
}));

test('off() removes a listener of an unknown event', bounded(() => {
  const world = new World();
  const c = client(world);
  const listener = () => {};
  assert.equal(c.on('custom', listener).off('custom', listener), c);
  assert.equal(c.off('never-added', listener), c);
}));

test('on() still refuses a listener that is not a function, whatever the name', bounded(() => {
  const world = new World();
  const c = client(world);
  assert.throws(() => c.on('state', 'nope'), (e) => e.name === 'TypeError' && /must be a function/.test(e.message));
  assert.throws(() => c.on('unknown', null), (e) => e.name === 'TypeError');
  assert.deepEqual(world.warnings(), [], 'a refused listener does not count as the one warning');
}));

test('off() removes a listener of a known event', bounded(async () => {
  const s = new Session();
  const seen = [];
  const listener = (state) => seen.push(state);
  s.client.on('state', listener);
  s.start();
  s.client.off('state', listener);
  await settle();
  s.ws.open();
  s.ws.receive(STARTED);
  await settle();
  assert.deepEqual(seen, ['connecting']);
}));
