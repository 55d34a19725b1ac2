/*
 * A browser for browser-to-rtmp-client.js, made of fakes that record what the client does: the classic script
 * runs in a fresh vm context per test, with WebSocket, MediaRecorder, Blob, a clock and a console of our own.
 * The test plays the server (a socket's open/receive/closed) and the user (the recorder's tracks ending).
 */
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const CLIENT_URL = new URL('../../main/webapp/js/browser-to-rtmp-client.js', import.meta.url);
const CLIENT_SOURCE = readFileSync(CLIENT_URL, 'utf8');

export const CONNECTING = 0;
export const OPEN = 1;
export const CLOSING = 2;
export const CLOSED = 3;

/** Timers that run only when the test moves the clock, so a 10 s stop timeout takes no time. */
class FakeClock {
  now = 1000;
  #nextId = 1;
  /** @type {Map<number, {at: number, fn: Function, every: number | null}>} */
  #timers = new Map();

  setTimeout(fn, ms = 0) {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.now + Math.max(0, ms), fn, every: null });
    return id;
  }

  setInterval(fn, ms = 0) {
    const id = this.#nextId++;
    this.#timers.set(id, { at: this.now + Math.max(1, ms), fn, every: Math.max(1, ms) });
    return id;
  }

  clear(id) {
    this.#timers.delete(id);
  }

  get pending() {
    return this.#timers.size;
  }

  /** Moves the clock by ms, running every timer that falls due, in time order. */
  advance(ms) {
    const end = this.now + ms;
    for (;;) {
      let next = null;
      for (const [id, timer] of this.#timers) {
        if (timer.at <= end && (next === null || timer.at < next[1].at)) next = [id, timer];
      }
      if (next === null) break;
      const [id, timer] = next;
      this.now = timer.at;
      if (timer.every === null) {
        this.#timers.delete(id);
      } else {
        timer.at += timer.every;
      }
      timer.fn();
    }
    this.now = end;
  }

  /**
   * The page's timers are held back for ms, as in a hidden tab or a frozen page: the clock moves on, then each timer
   * that fell due meanwhile runs once, late (an interval does not catch up on the ticks it missed). Timers those
   * runs set wait for the next advance.
   */
  jump(ms) {
    this.now += ms;
    const due = [...this.#timers].filter(([, timer]) => timer.at <= this.now).sort(([, a], [, b]) => a.at - b.at);
    for (const [id, timer] of due) {
      if (!this.#timers.has(id)) continue;
      if (timer.every === null) {
        this.#timers.delete(id);
      } else {
        timer.at = this.now + timer.every;
      }
      timer.fn();
    }
  }
}

/** A chunk of "media": its label travels as the bytes, so the test can read the order on the wire. */
class FakeBlob {
  constructor(label) {
    this.label = label;
    this.size = label.length;
  }

  arrayBuffer() {
    return Promise.resolve(new TextEncoder().encode(this.label).buffer);
  }
}

/**
 * A browser page: its sockets, its recorders, and what went wrong at the level of the browser (a second live
 * socket or recorder, which the client must never make).
 */
export class World {
  clock = new FakeClock();
  /** @type {FakeWebSocket[]} */ sockets = [];
  /** @type {FakeMediaRecorder[]} */ recorders = [];
  /** @type {string[]} */ violations = [];
  /** @type {{level: string, args: unknown[]}[]} */ console = [];
  /** @type {any} */ context;
  /** @type {any} */ BrowserToRtmpClient;

  constructor() {
    const world = this;
    const clock = this.clock;

    class FakeWebSocket {
      static CONNECTING = CONNECTING;
      static OPEN = OPEN;
      static CLOSING = CLOSING;
      static CLOSED = CLOSED;

      constructor(url) {
        const live = world.sockets.filter((s) => s.readyState < CLOSING);
        if (live.length > 0) {
          world.violations.push(`a socket was created while ${live.length} other(s) were not closed`);
        }
        this.url = url;
        this.readyState = CONNECTING;
        this.binaryType = 'blob';
        this.bufferedAmount = 0;
        /** @type {(string | ArrayBuffer)[]} */ this.sent = [];
        /** @type {unknown[]} */ this.closeCalls = [];
        /** @type {unknown[]} */ this.closeReasons = [];
        this.onopen = null;
        this.onmessage = null;
        this.onclose = null;
        this.onerror = null;
        world.sockets.push(this);
      }

      send(data) {
        if (this.readyState === CONNECTING) {
          throw new Error('InvalidStateError: send() while CONNECTING');
        }
        if (this.readyState === OPEN) {
          this.sent.push(data);
        }
        // CLOSING or CLOSED: a browser discards the data silently.
      }

      close(code, reason) {
        this.closeCalls.push(code);
        this.closeReasons.push(reason);
        if (this.readyState < CLOSING) {
          this.readyState = CLOSING;
        }
      }

      // What the network and the server do, driven by the test:

      open() {
        this.readyState = OPEN;
        if (this.onopen) this.onopen({ type: 'open' });
      }

      /** A text frame from the server; a browser dispatches none once close() was called. */
      receive(message) {
        if (this.readyState !== OPEN) {
          throw new Error(`the test delivered a message to a socket in readyState ${this.readyState}`);
        }
        if (this.onmessage) this.onmessage({ data: typeof message === 'string' ? message : JSON.stringify(message) });
      }

      closed(code = 1000, reason = '') {
        this.readyState = CLOSED;
        if (this.onclose) this.onclose({ code, reason, wasClean: code === 1000 });
      }

      /** What was sent, in order: a control message by its type, a chunk by its label. */
      get wire() {
        return this.sent.map((data) => (typeof data === 'string' ? JSON.parse(data).type : `chunk:${new TextDecoder().decode(data)}`));
      }

      /** The control messages, parsed. */
      get texts() {
        return this.sent.filter((data) => typeof data === 'string').map((data) => JSON.parse(data));
      }
    }

    class FakeMediaRecorder {
      static supported = ['video/x-matroska;codecs=avc1,opus', 'video/webm;codecs=vp8,opus', 'video/webm'];

      static isTypeSupported(type) {
        return FakeMediaRecorder.supported.includes(type);
      }

      constructor(stream, options = {}) {
        this.stream = stream;
        this.options = options;
        this.mimeType = options.mimeType || 'video/webm';
        this.state = 'inactive';
        this.timeslice = undefined;
        /** @type {string[]} */ this.calls = [];
        this.ondataavailable = null;
        this.onerror = null;
        this.onstop = null;
        /** @type {Map<string, Set<Function>>} */ this.listeners = new Map();
        world.recorders.push(this);
      }

      start(timeslice) {
        this.calls.push('start');
        if (this.state !== 'inactive') throw new Error('InvalidStateError: start() while ' + this.state);
        const active = world.recorders.filter((r) => r !== this && r.state !== 'inactive');
        if (active.length > 0) {
          world.violations.push(`a recorder started while ${active.length} other(s) were recording or paused`);
        }
        this.state = 'recording';
        this.timeslice = timeslice;
      }

      pause() {
        this.calls.push('pause');
        if (this.state === 'inactive') throw new Error('InvalidStateError: pause() while inactive');
        this.state = 'paused';
      }

      resume() {
        this.calls.push('resume');
        if (this.state === 'inactive') throw new Error('InvalidStateError: resume() while inactive');
        this.state = 'recording';
      }

      stop() {
        this.calls.push('stop');
        if (this.state === 'inactive') return;
        this.#end();
      }

      addEventListener(type, fn, options) {
        const once = !!(options && options.once);
        const wrapped = once ? Object.assign((e) => { this.removeEventListener(type, fn); fn(e); }, { original: fn }) : fn;
        if (!this.listeners.has(type)) this.listeners.set(type, new Set());
        this.listeners.get(type).add(wrapped);
      }

      removeEventListener(type, fn) {
        const set = this.listeners.get(type);
        if (!set) return;
        for (const l of set) {
          if (l === fn || l.original === fn) set.delete(l);
        }
      }

      #dispatch(type, event) {
        const handler = this['on' + type];
        if (typeof handler === 'function') handler(event);
        for (const l of Array.from(this.listeners.get(type) || [])) l(event);
      }

      // What the browser does, driven by the test:

      /** A timeslice of media is ready. */
      data(label) {
        this.#dispatch('dataavailable', { data: new FakeBlob(label) });
      }

      /** Every recorded track ended (the user stopped sharing): the recorder stops by itself. */
      tracksEnded() {
        if (this.state !== 'inactive') this.#end();
      }

      fail(message = 'encoder died') {
        this.#dispatch('error', { error: new Error(message) });
      }

      /** As a browser: inactive at once, then (as tasks) the last dataavailable, then stop. */
      #end() {
        this.state = 'inactive';
        setImmediate(() => {
          this.#dispatch('dataavailable', { data: new FakeBlob('last') });
          setImmediate(() => this.#dispatch('stop', { type: 'stop' }));
        });
      }
    }

    const record = (level) => (...args) => world.console.push({ level, args });
    this.context = vm.createContext({
      WebSocket: FakeWebSocket,
      MediaRecorder: FakeMediaRecorder,
      Blob: FakeBlob,
      URL,
      TextEncoder,
      performance: { now: () => clock.now },
      setTimeout: (fn, ms) => clock.setTimeout(fn, ms),
      clearTimeout: (id) => clock.clear(id),
      setInterval: (fn, ms) => clock.setInterval(fn, ms),
      clearInterval: (id) => clock.clear(id),
      console: { warn: record('warn'), error: record('error'), log: record('log'), info: record('info') },
    });
    vm.runInContext(CLIENT_SOURCE, this.context, { filename: CLIENT_URL.pathname });
    this.BrowserToRtmpClient = this.context.BrowserToRtmpClient;
  }

  /** A MediaStream with one video and one audio track. */
  mediaStream() {
    const video = { kind: 'video', getSettings: () => ({ frameRate: 30 }) };
    const audio = { kind: 'audio', getSettings: () => ({}) };
    return {
      getTracks: () => [video, audio],
      getVideoTracks: () => [video],
      getAudioTracks: () => [audio],
    };
  }

  /** Sockets the client has not closed (nor the network). */
  get openSockets() {
    return this.sockets.filter((s) => s.readyState < CLOSING);
  }

  /** Recorders recording or paused. */
  get activeRecorders() {
    return this.recorders.filter((r) => r.state !== 'inactive');
  }

  warnings() {
    return this.console.filter((c) => c.level === 'warn').map((c) => c.args.join(' '));
  }
}

/** Lets promises, sends queued on the client's chain and the recorder's tasks run. */
export async function settle() {
  for (let i = 0; i < 10; i++) {
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** 'pending', 'resolved' or 'rejected', without waiting for a pending promise. */
export async function status(promise) {
  const marker = {};
  const outcome = await Promise.race([
    Promise.resolve(promise).then(() => 'resolved', () => 'rejected'),
    new Promise((resolve) => setImmediate(() => resolve(marker))),
  ]);
  return outcome === marker ? 'pending' : outcome;
}

/** A value from the client's realm as a plain value of ours, for deepStrictEqual. */
export function plain(value) {
  return value === undefined ? undefined : JSON.parse(JSON.stringify(value));
}

/**
 * A test body that fails after ms instead of hanging: a promise of the client that never settles would
 * otherwise leave the event loop empty, and node:test would cancel every test after it.
 */
export function bounded(body, ms = 2000) {
  return async (...args) => {
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not finished after ${ms} ms: it waits for a promise that never settles`)), ms);
    });
    try {
      await Promise.race([body(...args), timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
}
