/*
 * What docs/client.md's state machine says besides its tables: progress and ffmpegOutput pass in every state
 * that has a socket open, stats only while live.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { settle, bounded } from './fakes.mjs';
import { Session, ROWS } from './client-session.mjs';

const PROGRESS = { type: 'progress', frames: 30, fps: 30, bitrateKbps: 2500, outTimeMs: 1000, speed: 1 };
const WITH_SOCKET = ROWS.filter((row) => row !== 'idle' && row !== 'stopped');

for (const row of WITH_SOCKET) {
  test(`${row}: progress and ffmpegOutput are passed on`, bounded(async () => {
    const s = await new Session().reach(row);
    const mark = s.events.length;
    s.ws.receive(PROGRESS);
    s.ws.receive({ type: 'ffmpegOutput', message: 'frame=30' });
    assert.deepEqual(s.emitted('progress', mark), [PROGRESS]);
    assert.deepEqual(s.emitted('ffmpegOutput', mark), ['frame=30']);
    assert.equal(s.state, row.split(',')[0]);
  }));
}

for (const row of ROWS) {
  test(`${row}: stats ${row === 'live' ? 'every second' : 'never'}`, bounded(async () => {
    const s = await new Session().reach(row);
    const mark = s.events.length;
    s.world.clock.advance(3000);
    await settle();
    const stats = s.emitted('stats', mark);
    if (row === 'live') {
      assert.equal(stats.length, 3);
      assert.deepEqual(Object.keys(stats[0]), ['bytesSent', 'chunksSent', 'uploadBitrate', 'bufferedAmount', 'liveSeconds']);
      assert.equal(stats[0].chunksSent, 1);
    } else {
      assert.deepEqual(stats, []);
    }
  }));
}
