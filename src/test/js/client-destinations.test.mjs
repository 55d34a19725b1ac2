/*
 * Several destinations (simulcast): the start config carries rtmp as the page gave it, one URL or a list, and
 * whether the stream has sound; the server's destinations message becomes the destinations event and property.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { World, settle, plain, bounded } from './fakes.mjs';
import { Session, ROWS } from './client-session.mjs';

const URLS = ['rtmp://a.test/live/key-a', 'rtmps://b.test/app/key-b', 'rtmp://c.test/live/key-c'];
const DESTINATIONS = {
  type: 'destinations',
  destinations: [
    { index: 0, url: 'rtmp://a.test/live/ke…-a', state: 'live', bytes: 123456, bitrateKbps: 2480.5, reconnects: 0, skippedBytes: 0, error: null },
    { index: 1, url: 'rtmps://b.test/app/ke…-b', state: 'reconnecting', bytes: 4096, bitrateKbps: 0, reconnects: 2, skippedBytes: 81920,
      error: { name: 'RTMP_CONNECTION_FAILED', message: 'connection refused' } },
  ],
};
const WITH_SOCKET = ROWS.filter((row) => row !== 'idle' && row !== 'stopped');

/** The start message the client sent once its socket opened. */
async function startConfig(client, world) {
  client.start().catch(() => {});
  await settle();
  const ws = world.sockets[world.sockets.length - 1];
  ws.open();
  await settle();
  const [start] = ws.texts;
  assert.equal(start.type, 'start');
  return start.config;
}

/** A MediaStream with the tracks given, of kind 'video' or 'audio'. */
function streamOf(...kinds) {
  const tracks = kinds.map((kind) => ({ kind, getSettings: () => (kind === 'video' ? { frameRate: 30 } : {}) }));
  return {
    getTracks: () => tracks,
    getVideoTracks: () => tracks.filter((t) => t.kind === 'video'),
    getAudioTracks: () => tracks.filter((t) => t.kind === 'audio'),
  };
}

function client(world, options, stream = world.mediaStream()) {
  return new world.BrowserToRtmpClient(stream, { url: 'ws://relay.test/relay/stream', ...options });
}

test('an rtmp list is sent as a list, in the order given', bounded(async () => {
  const world = new World();
  const config = await startConfig(client(world, { rtmp: URLS }), world);
  assert.deepEqual(config.rtmp, URLS);
}));

test('an rtmpUrl list is sent as rtmp, as a single rtmpUrl is', bounded(async () => {
  const world = new World();
  const config = await startConfig(client(world, { rtmpUrl: URLS.slice(0, 2) }), world);
  assert.deepEqual(config.rtmp, URLS.slice(0, 2));
}));

test('a list of one is sent as a list of one, not turned into a string', bounded(async () => {
  const world = new World();
  const config = await startConfig(client(world, { rtmp: [URLS[0]] }), world);
  assert.deepEqual(config.rtmp, [URLS[0]]);
}));

test('a single rtmp URL is still sent as a string', bounded(async () => {
  const world = new World();
  const config = await startConfig(client(world, { rtmp: URLS[0] }), world);
  assert.equal(config.rtmp, URLS[0]);
}));

test('a list changed by the page after the constructor does not change what is sent', bounded(async () => {
  const world = new World();
  const urls = URLS.slice();
  const c = client(world, { rtmp: urls });
  urls.push('rtmp://late.test/live/key');
  urls[0] = 'rtmp://changed.test/live/key';
  const config = await startConfig(c, world);
  assert.deepEqual(config.rtmp, URLS);
}));

test('a list longer than the server allows is sent as it is: the server is the judge and names the URL it refuses', bounded(async () => {
  const world = new World();
  const many = [1, 2, 3, 4, 5, 6].map((n) => `rtmp://ingest.test/live/key-${n}`);
  const config = await startConfig(client(world, { rtmp: many }), world);
  assert.deepEqual(config.rtmp, many);
}));

test('audio is true for a stream with an audio track', bounded(async () => {
  const world = new World();
  const config = await startConfig(client(world, { rtmp: URLS[0] }, streamOf('video', 'audio')), world);
  assert.equal(config.audio, true);
}));

test('audio is false for a stream without an audio track', bounded(async () => {
  const world = new World();
  const config = await startConfig(client(world, { rtmp: URLS[0] }, streamOf('video')), world);
  assert.equal(config.audio, false);
}));

test('audio set by the page is sent as set, whatever the tracks', bounded(async () => {
  for (const [audio, kinds] of [[false, ['video', 'audio']], [true, ['video']], [true, ['video', 'audio']], [false, ['video']]]) {
    const world = new World();
    const config = await startConfig(client(world, { rtmp: URLS[0], audio }, streamOf(...kinds)), world);
    assert.equal(config.audio, audio, `audio: ${audio} with tracks ${kinds.join(', ')}`);
  }
}));

test('audio follows the tracks at each start, not at construction', bounded(async () => {
  const world = new World();
  const kinds = ['video'];
  const stream = {
    getTracks: () => kinds.map((kind) => ({ kind, getSettings: () => ({}) })),
    getVideoTracks: () => [{ kind: 'video', getSettings: () => ({ frameRate: 30 }) }],
    getAudioTracks: () => kinds.filter((k) => k === 'audio').map((kind) => ({ kind })),
  };
  const c = client(world, { rtmp: URLS[0] }, stream);
  kinds.push('audio');
  const config = await startConfig(c, world);
  assert.equal(config.audio, true);
}));

test('destinations: empty before the server reports any, and frozen', bounded(async () => {
  const s = new Session({ rtmp: URLS });
  assert.deepEqual(plain(s.client.destinations), []);
  assert.ok(Object.isFrozen(s.client.destinations));
  await s.reach('live');
  assert.deepEqual(plain(s.client.destinations), []);
}));

for (const row of WITH_SOCKET) {
  test(`${row}: a destinations message is emitted with its array and kept in destinations; the state is unchanged`, bounded(async () => {
    const s = await new Session({ rtmp: URLS.slice(0, 2) }).reach(row);
    const mark = s.events.length;
    s.ws.receive(DESTINATIONS);
    assert.deepEqual(s.emitted('destinations', mark), [DESTINATIONS.destinations]);
    assert.deepEqual(plain(s.client.destinations), DESTINATIONS.destinations);
    assert.equal(s.state, row.split(',')[0]);
    assert.deepEqual(s.events.slice(mark).map(([event]) => event), ['destinations']);
  }));
}

test('each destinations message replaces the last one; the listener gets what the property holds', bounded(async () => {
  const s = await new Session({ rtmp: URLS.slice(0, 2) }).reach('live');
  /** @type {unknown[]} */
  const seen = [];
  s.client.on('destinations', (destinations) => seen.push(destinations));
  s.ws.receive(DESTINATIONS);
  const next = { type: 'destinations', destinations: [{ ...DESTINATIONS.destinations[0], bytes: 250000 }, { ...DESTINATIONS.destinations[1], state: 'failed' }] };
  s.ws.receive(next);
  assert.equal(seen.length, 2);
  assert.equal(seen[1], s.client.destinations, 'the same array, not a copy per listener');
  assert.ok(Object.isFrozen(seen[1]) && Object.isFrozen(seen[1][0]));
  assert.deepEqual(plain(s.client.destinations), next.destinations);
}));

test('a single-destination stream gets its destinations too', bounded(async () => {
  const s = await new Session().reach('live');
  const one = { type: 'destinations', destinations: [{ ...DESTINATIONS.destinations[0], url: 'rtmp://ingest.test/live/k…y' }] };
  s.ws.receive(one);
  assert.deepEqual(plain(s.client.destinations), one.destinations);
}));

test('destinations are kept after the stream ends and emptied by the next start()', bounded(async () => {
  const s = await new Session({ rtmp: URLS.slice(0, 2) }).reach('live');
  s.ws.receive(DESTINATIONS);
  const ended = { type: 'destinations', destinations: DESTINATIONS.destinations.map((d) => ({ ...d, state: 'ended' })) };
  s.ws.receive(ended);
  s.stop();
  await settle();
  s.ws.receive({ type: 'destroyed' });
  await settle();
  assert.equal(s.state, 'stopped');
  assert.deepEqual(plain(s.client.destinations), ended.destinations);
  s.start();
  await settle();
  assert.deepEqual(plain(s.client.destinations), []);
}));

test('fields are read as their types, missing ones filled, and fields a later server adds are kept', bounded(async () => {
  const s = await new Session().reach('live');
  s.ws.receive({ type: 'destinations', destinations: [
    { index: 0, url: 'rtmp://a.test/live/ke…-a', state: 'live', bytes: '42', bitrateKbps: 'fast', error: { name: 'RTMP_CONNECTION_FAILED' }, rtt: 12 },
    'not an object',
    { url: 'rtmp://b.test/live/ke…-b', state: 'connecting' },
  ] });
  assert.deepEqual(plain(s.client.destinations), [
    { index: 0, url: 'rtmp://a.test/live/ke…-a', state: 'live', bytes: 42, bitrateKbps: 0, reconnects: 0, skippedBytes: 0,
      error: { name: 'RTMP_CONNECTION_FAILED', message: '' }, rtt: 12 },
    { index: 2, url: 'rtmp://b.test/live/ke…-b', state: 'connecting', bytes: 0, bitrateKbps: 0, reconnects: 0, skippedBytes: 0, error: null },
  ]);
}));

test('a progress message carrying destinations emits progress, then destinations with the fresh numbers', bounded(async () => {
  const s = await new Session({ rtmp: URLS.slice(0, 2) }).reach('live');
  s.ws.receive(DESTINATIONS);
  const mark = s.events.length;
  const fresh = [{ ...DESTINATIONS.destinations[0], bytes: 999999 }, DESTINATIONS.destinations[1]];
  s.ws.receive({ type: 'progress', frames: 30, fps: 30, bitrateKbps: 2500, outTimeMs: 1000, speed: 1, destinations: fresh });
  assert.deepEqual(s.events.slice(mark).map(([event]) => event), ['progress', 'destinations']);
  assert.deepEqual(s.emitted('destinations', mark), [fresh]);
  assert.deepEqual(plain(s.client.destinations), fresh);
  assert.equal(s.state, 'live');
}));

test('a progress message without destinations leaves them as they were and emits progress alone', bounded(async () => {
  const s = await new Session({ rtmp: URLS.slice(0, 2) }).reach('live');
  s.ws.receive(DESTINATIONS);
  const mark = s.events.length;
  s.ws.receive({ type: 'progress', frames: 30, fps: 30, bitrateKbps: 2500, outTimeMs: 1000, speed: 1 });
  s.ws.receive({ type: 'progress', frames: 60, fps: 30, bitrateKbps: 2500, outTimeMs: 2000, speed: 1, destinations: 'no' });
  assert.deepEqual(s.events.slice(mark).map(([event]) => event), ['progress', 'progress']);
  assert.deepEqual(plain(s.client.destinations), DESTINATIONS.destinations);
}));

test('a destinations message without a list is ignored', bounded(async () => {
  const s = await new Session().reach('live');
  s.ws.receive(DESTINATIONS);
  const mark = s.events.length;
  s.ws.receive({ type: 'destinations' });
  s.ws.receive({ type: 'destinations', destinations: { 0: 'not a list' } });
  assert.deepEqual(s.events.slice(mark), []);
  assert.deepEqual(plain(s.client.destinations), DESTINATIONS.destinations);
}));

test("on('destinations') does not warn: it is a known event", bounded(() => {
  const world = new World();
  const c = client(world, { rtmp: URLS });
  c.on('destinations', () => {});
  assert.ok(world.BrowserToRtmpClient.EVENTS.includes('destinations'));
  assert.deepEqual(world.warnings(), []);
  c.on('destination', () => {});
  assert.match(world.warnings()[0], /unknown event destination, .*known: .*destinations/);
}));
