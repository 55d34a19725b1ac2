/*
 * One client in one fake browser, brought into a state of docs/client.md's state tables the way a page and a
 * server would bring it there, with every event it emits recorded.
 */
import assert from 'node:assert/strict';
import { World, settle, plain } from './fakes.mjs';

export const STOP_TIMEOUT_MS = 10000;
export const STARTED = { type: 'started', id: 'stream-1', mode: 'copy' };
export const RECONNECTING = { type: 'reconnecting', attempt: 1, maxAttempts: 5, delayMs: 1000 };

/** The rows of the state tables; "reconnecting, paused" is reconnecting after pause(). */
export const ROWS = ['idle', 'connecting', 'live', 'paused', 'reconnecting', 'reconnecting, paused', 'stopping', 'stopped', 'error'];

export class Session {
  world = new World();
  /** @type {[string, unknown][]} */ events = [];
  /** @type {Promise<any> | null} */ startPromise = null;
  /** @type {Promise<void> | null} */ stopPromise = null;

  /**
   * @param {object} options the client's, besides url and rtmp
   * @param {object} started what the server answers to start: with a resumeToken the stream can be resumed
   */
  constructor(options = {}, started = STARTED) {
    this.started = started;
    const C = this.world.BrowserToRtmpClient;
    this.client = new C(this.world.mediaStream(), { url: 'ws://relay.test/relay/stream', rtmp: 'rtmp://ingest.test/live/key', ...options });
    for (const event of C.EVENTS) {
      this.client.on(event, (value) => this.events.push([event, plain(value)]));
    }
  }

  get state() {
    return this.client.state;
  }

  /** The client's current socket: the last one it created. */
  get ws() {
    return this.world.sockets[this.world.sockets.length - 1];
  }

  get recorder() {
    return this.world.recorders[this.world.recorders.length - 1];
  }

  /** The events named, in order, since the mark (an index into events). */
  emitted(name, since = 0) {
    return this.events.slice(since).filter(([event]) => event === name).map(([, value]) => value);
  }

  /** The start() promise, with its rejection marked as handled: tests await it where it matters. */
  start() {
    const promise = this.client.start();
    promise.catch(() => {});
    return promise;
  }

  stop() {
    const promise = this.client.stop();
    promise.catch(() => {});
    return promise;
  }

  /** Asserts what must hold in every state: never a second socket or recorder alive at once. */
  checkSingles() {
    assert.deepEqual(this.world.violations, []);
    assert.ok(this.world.openSockets.length <= 1, `${this.world.openSockets.length} sockets open`);
    assert.ok(this.world.activeRecorders.length <= 1, `${this.world.activeRecorders.length} recorders active`);
  }

  /** Brings the client into a row of the tables, as a page and a server would. */
  async reach(row) {
    if (row === 'idle') {
      return this.#expect('idle');
    }
    this.startPromise = this.start();
    await settle();
    this.ws.open();
    await settle();
    if (row === 'connecting') {
      return this.#expect('connecting');
    }
    this.ws.receive(this.started);
    await this.startPromise;
    this.recorder.data('first');
    await settle();
    switch (row) {
      case 'live':
        return this.#expect('live');
      case 'paused':
        this.client.pause();
        await settle();
        return this.#expect('paused');
      case 'reconnecting':
        this.ws.receive(RECONNECTING);
        return this.#expect('reconnecting');
      case 'reconnecting, paused':
        this.client.pause();
        await settle();
        this.ws.receive(RECONNECTING);
        assert.equal(this.client.paused, true);
        return this.#expect('reconnecting');
      case 'stopping':
        this.stopPromise = this.stop();
        await settle();
        return this.#expect('stopping');
      case 'stopped':
        this.stopPromise = this.stop();
        await settle();
        this.ws.receive({ type: 'destroyed' });
        await this.stopPromise;
        return this.#expect('stopped');
      case 'error':
        // A fatal error from the server: the socket stays open for the destroyed that follows.
        this.ws.receive({ type: 'error', error: { name: 'QUEUE_FULL', message: 'too much media', fatal: true } });
        await settle();
        return this.#expect('error');
      default:
        throw new Error(`no such row: ${row}`);
    }
  }

  async #expect(state) {
    assert.equal(this.client.state, state);
    this.checkSingles();
    return this;
  }
}
