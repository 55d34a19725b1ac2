/*
 * BrowserToRtmpClient: records a MediaStream with MediaRecorder and relays the chunks over a WebSocket
 * to the liverelay server, which publishes them to one RTMP destination or several (wire protocol: docs/protocol.md, v1).
 * When the network drops that WebSocket, or leaves it half-open and silent, the stream is resumed on a new one
 * within the server's grace period.
 *
 * Classic script: defines globalThis.BrowserToRtmpClient. ES module users import browser-to-rtmp-client.mjs,
 * which loads this file and re-exports the same class. No build step, no dependencies.
 */
(function (/** @type {any} */ root, /** @type {(root: any) => any} */ factory) {
  'use strict';
  const currentScript = /** @type {HTMLScriptElement | null} */ (typeof document !== 'undefined' ? document.currentScript : null);
  // Evaluated twice (a <script> tag and the module import): keep the first class so instanceof holds.
  const existing = root.BrowserToRtmpClient;
  const Client = existing && existing.PROTOCOL_VERSION === 1 ? existing : factory(root);
  if (!Client.scriptUrl && currentScript && currentScript.src) {
    Client.scriptUrl = currentScript.src;
  }
  root.BrowserToRtmpClient = Client;
  if (typeof module === 'object' && module && module.exports) {
    module.exports = Client;
  }
})(globalThis, function (/** @type {any} */ root) {
  'use strict';

  /** @typedef {'idle'|'connecting'|'live'|'paused'|'reconnecting'|'stopping'|'stopped'|'error'} ClientState */
  /** @typedef {{name: string, message: string, fatal: boolean}} ClientErrorInfo */
  /** @typedef {{id: string, mode: string}} StartedInfo */
  /** @typedef {{id: string, gapMs: number, attempts: number}} ResumedInfo */
  /**
   * @typedef {object} ResumeRun the tries to resume one lost connection
   * @property {number} deadline when the grace period is over, on now()'s clock
   * @property {number} attempts tries begun so far
   * @property {string} detail how the connection closed, for the error if no try succeeds
   * @property {LossCause} cause
   * @property {ReturnType<typeof setTimeout> | null} graceTimer
   * @property {ReturnType<typeof setTimeout> | null} retryTimer the backoff before the next try
   * @property {ReturnType<typeof setTimeout> | null} openTimer gives up on a socket that does not open
   */
  /** @typedef {'closed' | 'silence'} LossCause closed: the socket closed; silence: the server stopped answering, the client closed it */
  /**
   * @typedef {object} ReconnectingInfo what the reconnecting event carries
   * @property {'server' | 'connection'} source server: its RTMP side reconnects; connection: this client resumes its lost WebSocket
   * @property {LossCause} [cause] connection only: why the connection was given up
   * @property {number} attempt
   * @property {number} maxAttempts the server's limit; 0 for connection, whose tries are bounded by time
   * @property {number} delayMs
   * @property {number} [graceRemainingMs] connection only: how long the server still keeps the stream
   */
  /** @typedef {'connecting'|'live'|'reconnecting'|'failed'|'stopped'|'ended'} DestinationState */
  /**
   * @typedef {object} DestinationStatus one RTMP destination of the stream, as the server last reported it
   * @property {number} index its position in the start config's rtmp
   * @property {string} url masked by the server: the stream key is not in it
   * @property {DestinationState} state
   * @property {number} bytes
   * @property {number} bitrateKbps
   * @property {number} reconnects
   * @property {number} skippedBytes media this destination skipped because it fell behind
   * @property {{name: string, message: string} | null} error its last error
   */
  /**
   * @typedef {object} ClientOptions
   * @property {string} [url] full ws:// or wss:// URL of the endpoint; overrides host and port
   * @property {string} [host] server host name; the path is derived from where this script was loaded
   * @property {number} [port]
   * @property {boolean} [secure] force wss:// even on an http page
   * @property {string | string[]} [rtmp] where the server publishes: rtmp:// or rtmps://, or several of them
   * @property {string | string[]} [rtmpUrl] the seed's spelling of rtmp
   * @property {boolean} [audio] whether the stream has sound; the stream's audio tracks tell when not given
   * @property {number} [framerate]
   * @property {number} [audioSampleRate]
   * @property {number} [audioBitsPerSecond]
   * @property {number} [videoBitsPerSecond]
   * @property {string} [mimeType] force a recorder type instead of pickMimeType()
   * @property {number} [timeslice] ms between recorder chunks, at most 250
   * @property {number} [maxBufferedBytes] WebSocket buffer size that counts as backpressure
   * @property {number} [stopTimeout] ms that stop() waits for the server before closing the socket
   * @property {boolean} [resume] resume the stream on a new connection when the WebSocket drops; default true
   * @property {number} [silenceTimeoutMs] a resumable stream's connection counts as lost after this long without a word
   * from the server although pings went out; default 8000, 0 disables
   */

  const PROTOCOL_VERSION = 1;
  const MIME_TYPES = Object.freeze([
    'video/x-matroska;codecs=avc1,opus',
    'video/webm;codecs=h264,opus',
    'video/webm;codecs=avc1,opus',
    'video/webm;codecs=vp8,opus',
    'video/webm;codecs=vp9,opus',
    'video/webm',
    'video/mp4;codecs=avc1,mp4a',
    'video/mp4',
  ]);
  // Without an audio track an audio codec in the type would announce a track that never comes.
  const VIDEO_ONLY_MIME_TYPES = Object.freeze([
    'video/x-matroska;codecs=avc1',
    'video/webm;codecs=h264',
    'video/webm;codecs=avc1',
    'video/webm;codecs=vp8',
    'video/webm;codecs=vp9',
    'video/webm',
    'video/mp4;codecs=avc1',
    'video/mp4',
  ]);
  const EVENTS = Object.freeze(['error', 'destroyed', 'ffmpegOutput', 'started', 'progress', 'state', 'stats', 'backpressure', 'reconnecting', 'destinations', 'resumed']);
  /** @type {ReadonlyArray<DestinationStatus>} */
  const NO_DESTINATIONS = Object.freeze([]);
  /** How often a connected client proves it is there, so that a paused stream outlives the server's idle timeout. */
  const PING_INTERVAL_MS = 15000;
  const DEFAULT_SILENCE_TIMEOUT_MS = 8000;
  /** While the watchdog watches, pings go out this often (or four times per silence timeout), so each timeout sees several answers. */
  const WATCHDOG_PING_INTERVAL_MS = 2000;
  /** 4000 and up: the server takes the close for a lost connection and keeps the stream for its grace period. */
  const SILENCE_CLOSE_CODE = 4000;
  const SILENCE_CLOSE_REASON = 'no answer from the server';
  const MAX_TIMESLICE_MS = 250;
  const DEFAULT_MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
  const TOO_SLOW_FACTOR = 4;
  const DEFAULT_STOP_TIMEOUT_MS = 10000;
  const KEY_FRAME_INTERVAL_MS = 2000;
  const STATS_INTERVAL_MS = 1000;
  /** Sent when the page sets none: the track's own rate, else this; the server requires both, as the seed did. */
  const DEFAULT_FRAMERATE = 30;
  const DEFAULT_AUDIO_SAMPLE_RATE = 44100;
  const WS_CONNECTING = 0;
  const WS_OPEN = 1;
  /** Waits before each try to resume a lost connection: the first at once, then longer, never more than 5 s apart. */
  const RESUME_DELAYS_MS = Object.freeze([0, 500, 1000, 2000, 4000, 5000]);
  /** A try whose socket has not opened by then makes way for the next: a dead network can hold a handshake for minutes. */
  const RESUME_OPEN_TIMEOUT_MS = 10000;

  /** @returns {number} */
  const now = () => (root.performance && typeof root.performance.now === 'function' ? root.performance.now() : Date.now());

  /**
   * @param {string} name
   * @param {string} message
   * @param {boolean} fatal
   * @returns {Error & ClientErrorInfo}
   */
  function clientError(name, message, fatal) {
    const error = /** @type {Error & ClientErrorInfo} */ (new Error(message));
    error.name = name;
    error.fatal = fatal;
    return error;
  }

  /**
   * @param {{name?: unknown, message?: unknown, fatal?: unknown}} error
   * @returns {ClientErrorInfo}
   */
  function errorInfo(error) {
    return {
      name: typeof error.name === 'string' && error.name ? error.name : 'INTERNAL_ERROR',
      message: typeof error.message === 'string' ? error.message : '',
      fatal: error.fatal === true,
    };
  }

  /**
   * The recorder type to use: the first of MIME_TYPES the browser can record, video-only ones first when
   * the stream has no audio track. '' when none is supported (the browser then chooses).
   * @param {MediaStream} [mediaStream]
   * @returns {string}
   */
  function pickMimeType(mediaStream) {
    const Recorder = root.MediaRecorder;
    if (typeof Recorder !== 'function' || typeof Recorder.isTypeSupported !== 'function') {
      return '';
    }
    const videoOnly = !!mediaStream && typeof mediaStream.getAudioTracks === 'function' && mediaStream.getAudioTracks().length === 0;
    const candidates = videoOnly ? VIDEO_ONLY_MIME_TYPES.concat(MIME_TYPES) : MIME_TYPES;
    for (const type of candidates) {
      try {
        if (Recorder.isTypeSupported(type)) {
          return type;
        }
      } catch (ignored) {
        // An exotic type string may throw in old engines; try the next one.
      }
    }
    return '';
  }

  /**
   * @param {string} name
   * @param {unknown} value
   * @returns {number | undefined}
   */
  function optionalNumber(name, value) {
    if (value === undefined || value === null || value === '') {
      return undefined;
    }
    const number = Number(value);
    if (!Number.isFinite(number)) {
      throw new TypeError(`BrowserToRtmpClient: option ${name} must be a number, got ${String(value)}`);
    }
    return number;
  }

  /**
   * One destination or several, as the server takes them; the server checks the URLs and how many there are.
   * @param {unknown} value
   * @returns {string | ReadonlyArray<string> | undefined}
   */
  function optionalRtmp(value) {
    if (value === undefined || value === null) {
      return undefined;
    }
    // A copy, so that the caller changing its array later does not change what start() sends.
    return Array.isArray(value) ? Object.freeze(value.map(String)) : String(value);
  }

  /**
   * @param {unknown} value
   * @returns {{name: string, message: string} | null}
   */
  function destinationError(value) {
    if (!value || typeof value !== 'object') {
      return null;
    }
    const error = /** @type {{name?: unknown, message?: unknown}} */ (value);
    return Object.freeze({
      name: error.name == null ? '' : String(error.name),
      message: error.message == null ? '' : String(error.message),
    });
  }

  /**
   * The server's destinations message as a frozen snapshot; fields a later server adds are kept.
   * @param {unknown[]} entries
   * @returns {ReadonlyArray<DestinationStatus>}
   */
  function destinationStatuses(entries) {
    /** @type {DestinationStatus[]} */
    const statuses = [];
    entries.forEach((entry, position) => {
      if (!entry || typeof entry !== 'object') {
        return;
      }
      const e = /** @type {Record<string, any>} */ (entry);
      statuses.push(Object.freeze({
        ...e,
        index: Number.isInteger(e.index) ? e.index : position,
        url: e.url == null ? '' : String(e.url),
        state: /** @type {DestinationState} */ (e.state == null ? '' : String(e.state)),
        bytes: Number(e.bytes) || 0,
        bitrateKbps: Number(e.bitrateKbps) || 0,
        reconnects: Number(e.reconnects) || 0,
        skippedBytes: Number(e.skippedBytes) || 0,
        error: destinationError(e.error),
      }));
    });
    return Object.freeze(statuses);
  }

  /**
   * @param {ClientOptions} options
   */
  function normalizeOptions(options) {
    const o = options || {};
    const timeslice = optionalNumber('timeslice', o.timeslice);
    const maxBufferedBytes = optionalNumber('maxBufferedBytes', o.maxBufferedBytes);
    const stopTimeout = optionalNumber('stopTimeout', o.stopTimeout);
    const silenceTimeoutMs = optionalNumber('silenceTimeoutMs', o.silenceTimeoutMs);
    return Object.freeze({
      url: o.url ? String(o.url) : undefined,
      host: o.host ? String(o.host) : undefined,
      port: optionalNumber('port', o.port),
      secure: o.secure === true,
      rtmp: optionalRtmp(o.rtmp != null ? o.rtmp : o.rtmpUrl),
      audio: o.audio === undefined || o.audio === null ? undefined : o.audio === true,
      framerate: optionalNumber('framerate', o.framerate),
      audioSampleRate: optionalNumber('audioSampleRate', o.audioSampleRate),
      audioBitsPerSecond: optionalNumber('audioBitsPerSecond', o.audioBitsPerSecond),
      videoBitsPerSecond: optionalNumber('videoBitsPerSecond', o.videoBitsPerSecond),
      mimeType: o.mimeType ? String(o.mimeType) : undefined,
      timeslice: Math.max(1, Math.min(MAX_TIMESLICE_MS, timeslice === undefined ? MAX_TIMESLICE_MS : timeslice)),
      maxBufferedBytes: maxBufferedBytes === undefined || maxBufferedBytes <= 0 ? DEFAULT_MAX_BUFFERED_BYTES : maxBufferedBytes,
      stopTimeout: stopTimeout === undefined || stopTimeout < 0 ? DEFAULT_STOP_TIMEOUT_MS : stopTimeout,
      resume: o.resume === undefined || o.resume === null ? true : o.resume === true,
      silenceTimeoutMs: silenceTimeoutMs === undefined ? DEFAULT_SILENCE_TIMEOUT_MS : Math.max(0, silenceTimeoutMs),
    });
  }

  /**
   * Path of the endpoint: the script lives at <context>/js/…, the endpoint at <context>/stream.
   * @param {string | undefined} scriptUrl
   * @returns {string}
   */
  function endpointPath(scriptUrl) {
    try {
      if (scriptUrl) {
        return new URL('../stream', scriptUrl).pathname;
      }
      if (typeof document !== 'undefined' && document.baseURI) {
        // Script inlined or bundled: assume the page sits at the context root, as the demo does.
        return new URL('stream', document.baseURI).pathname;
      }
    } catch (ignored) {
      // fall through to the root context
    }
    return '/stream';
  }

  /**
   * @param {string} host
   * @returns {string}
   */
  function bracketIpv6(host) {
    return host.indexOf(':') !== host.lastIndexOf(':') && host.charAt(0) !== '[' ? `[${host}]` : host;
  }

  /**
   * @param {ReturnType<typeof normalizeOptions>} options
   * @param {string | undefined} scriptUrl
   * @returns {string}
   */
  function endpointUrl(options, scriptUrl) {
    const location = root.location;
    if (options.url) {
      const url = new URL(options.url, location ? location.href : undefined);
      if (url.protocol === 'http:' || url.protocol === 'https:') {
        url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      }
      if (url.protocol !== 'ws:' && url.protocol !== 'wss:') {
        throw clientError('INVALID_OPTIONS', `url must be a ws:// or wss:// URL, got ${options.url}`, true);
      }
      return url.href;
    }
    const secure = options.secure || (!!location && location.protocol === 'https:');
    let authority;
    if (options.host) {
      let host = options.host;
      let port = options.port;
      if (/^[a-z][a-z0-9+.-]*:\/\//i.test(host)) {
        // Tolerate "https://example.com:8443" in host: keep its host and port, the path still comes from the script.
        const parsed = new URL(host);
        host = parsed.hostname;
        port = port !== undefined ? port : parsed.port ? Number(parsed.port) : undefined;
      }
      authority = bracketIpv6(host) + (port !== undefined ? `:${port}` : '');
    } else if (location && location.host) {
      authority = options.port !== undefined ? `${bracketIpv6(location.hostname)}:${options.port}` : location.host;
    } else {
      throw clientError('INVALID_OPTIONS', 'no server to connect to: this page has no host, pass the host or url option', true);
    }
    return `${secure ? 'wss' : 'ws'}://${authority}${endpointPath(scriptUrl)}`;
  }

  class BrowserToRtmpClient {
    /** @type {string | undefined} URL this script was loaded from; the endpoint path is derived from it */
    static scriptUrl = undefined;

    /** @type {MediaStream} */ #stream;
    /** @type {ReturnType<typeof normalizeOptions>} */ #options;
    /** @type {Map<string, Set<Function>>} */ #listeners = new Map();
    /** @type {ClientState} */ #state = 'idle';
    /** @type {WebSocket | null} */ #ws = null;
    /** @type {MediaRecorder | null} */ #recorder = null;
    /** @type {MediaRecorderOptions} the first recorder's, so that a resumed stream records the same way */
    #recorderOptions = {};
    /** @type {string} */ #mimeType = '';
    /** @type {string} the endpoint the stream started on; a resume goes to the same */
    #url = '';
    /** @type {string | null} */ #id = null;
    /** @type {string | null} */ #mode = null;
    /** @type {ReadonlyArray<DestinationStatus>} */ #destinations = NO_DESTINATIONS;
    /** @type {Promise<void>} */ #sendChain = Promise.resolve();
    #acceptChunks = false;
    /** @type {{promise: Promise<StartedInfo>, resolve: (v: StartedInfo) => void, reject: (e: Error) => void} | null} */
    #pendingStart = null;
    /** @type {{promise: Promise<void>, resolve: () => void} | null} */
    #pendingStop = null;
    /** @type {ReturnType<typeof setTimeout> | null} */ #closeTimer = null;
    /** @type {ReturnType<typeof setInterval> | null} */ #statsTimer = null;
    /** @type {ReturnType<typeof setInterval> | null} */ #pingTimer = null;
    #bytesSent = 0;
    #chunksSent = 0;
    #liveMs = 0;
    /** @type {number | null} */ #liveSince = null;
    #lastTick = { time: 0, bytesSent: 0, buffered: 0 };
    #congested = false;
    #tooSlowReported = false;
    /** Whether the page wants the stream paused: pause() until start(); outlives a recorder replaced by a resume. */
    #paused = false;
    /** @type {string | null} spent by each resume; the server's next one comes with resumed */
    #resumeToken = null;
    #resumeGraceMs = 0;
    /** @type {ResumeRun | null} the tries to resume a lost connection, while they last */
    #resuming = null;
    /** When the current socket last showed that it works (a message came, or media left the browser), on now()'s clock. */
    #lastSignAt = 0;
    /** @type {number | null} the first ping sent since then: silence counts only once a ping went unanswered */
    #unansweredPingAt = null;
    /** What the socket had taken and still held at the last ping, to tell whether media has left the browser since. */
    #pingMark = { bytesSent: 0, buffered: 0 };
    /** Whether this stream's server answers ping with pong; a paused stream on a server that does not is silent by right. */
    #serverAnswersPings = false;
    /** @type {ReturnType<typeof setTimeout> | null} the silence verdict, one task after the tick that found it */
    #silenceVerdict = null;

    /**
     * @param {MediaStream} mediaStream what to stream: from getUserMedia, getDisplayMedia, a canvas…
     * @param {ClientOptions} [options]
     */
    constructor(mediaStream, options) {
      if (!mediaStream || typeof mediaStream.getTracks !== 'function') {
        throw new TypeError('BrowserToRtmpClient: the first argument must be a MediaStream');
      }
      this.#stream = mediaStream;
      this.#options = normalizeOptions(options || {});
    }

    /** @returns {ClientState} */
    get state() {
      return this.#state;
    }

    /** @returns {string | null} the server's id of the current stream, once started */
    get id() {
      return this.#id;
    }

    /** @returns {string | null} 'copy' or 'transcode', once started */
    get mode() {
      return this.#mode;
    }

    /**
     * @returns {ReadonlyArray<DestinationStatus>} the destinations as the server last reported them (frozen); empty
     * until it does, kept after the stream ends, emptied by the next start()
     */
    get destinations() {
      return this.#destinations;
    }

    /** @returns {string} the recorder's type for the current stream, '' before start() */
    get mimeType() {
      return this.#mimeType;
    }

    /** @returns {boolean} whether pause() holds the stream: in state paused, and in reconnecting after a pause */
    get paused() {
      return this.#paused && (this.#state === 'live' || this.#state === 'paused' || this.#state === 'reconnecting');
    }

    /** @returns {string | null} the WebSocket URL that start() connects to, null if the options give none */
    get url() {
      try {
        return endpointUrl(this.#options, BrowserToRtmpClient.scriptUrl);
      } catch (ignored) {
        return null;
      }
    }

    /**
     * Connects and starts streaming; while paused, resumes. A started stream is never started twice: one
     * socket and one recorder at a time.
     * @returns {Promise<StartedInfo>}
     */
    start() {
      switch (this.#state) {
        case 'connecting':
          return this.#pendingStart ? this.#pendingStart.promise : Promise.resolve(this.#startedInfo());
        case 'live':
          return Promise.resolve(this.#startedInfo());
        case 'paused':
          this.#resume();
          return Promise.resolve(this.#startedInfo());
        case 'reconnecting':
          // The server is reconnecting to the RTMP server, or this client to the server, but the stream is
          // started: as when live, or paused.
          if (this.paused) {
            this.#resume();
          }
          return Promise.resolve(this.#startedInfo());
        case 'stopping':
          return Promise.reject(clientError('INVALID_STATE', 'the stream is stopping: wait for stop() before starting again', false));
        default:
          return this.#connect();
      }
    }

    /**
     * Pauses the recorder; the connection and the server's ffmpeg stay up. start() resumes. While reconnecting
     * the state stays reconnecting (paused tells) and becomes paused when the server is live again.
     */
    pause() {
      if ((this.#state !== 'live' && this.#state !== 'reconnecting') || this.#paused) {
        return;
      }
      if (this.#resuming) {
        // No recorder and no socket now: #onResumed tells the server and leaves the new recorder unstarted.
        this.#paused = true;
        return;
      }
      if (!this.#recorder) {
        return;
      }
      try {
        this.#recorder.pause();
      } catch (error) {
        this.#fail(clientError('RECORDER_ERROR', `the recorder could not pause: ${messageOf(error)}`, true), true);
        return;
      }
      this.#paused = true;
      // the server measures the pause, so that the ingest sees the media after it as late as it really is
      this.#sendControl('pause');
      if (this.#state === 'live') {
        this.#setState('paused');
      }
    }

    /**
     * Ends the stream gracefully: the last chunk is sent, then stop; resolves on destroyed, when the
     * socket closes, or after the stop timeout.
     * @returns {Promise<void>}
     */
    stop() {
      if (this.#pendingStop) {
        return this.#pendingStop.promise;
      }
      switch (this.#state) {
        case 'connecting': {
          this.#rejectStart(clientError('ABORTED', 'stop() was called before the server started the stream', false));
          const stopped = this.#beginStopping();
          this.#closeSocket();
          return stopped;
        }
        case 'reconnecting':
          if (this.#resuming) {
            // Nothing to send the stop on: the server ends the stream when its grace period is over.
            this.#endResuming();
            this.#dropSocket();
            this.#setState('stopped');
            return Promise.resolve();
          }
        // falls through: the server reconnects to the RTMP server, the stream is stopped as when live
        case 'live':
        case 'paused': {
          const stopped = this.#beginStopping();
          this.#finishRecording();
          return stopped;
        }
        case 'error':
          this.#closeSocket();
          return Promise.resolve();
        default:
          return Promise.resolve();
      }
    }

    /**
     * @param {string} event one of EVENTS; another name is accepted, as by the seed's emitter, and warned about once
     * @param {Function} listener
     * @returns {this}
     */
    on(event, listener) {
      checkListener(event, listener);
      let listeners = this.#listeners.get(event);
      if (!listeners) {
        listeners = new Set();
        this.#listeners.set(event, listeners);
      }
      listeners.add(listener);
      return this;
    }

    /**
     * @param {string} event
     * @param {Function} listener
     * @returns {this}
     */
    off(event, listener) {
      const listeners = this.#listeners.get(event);
      if (listeners) {
        listeners.delete(listener);
      }
      return this;
    }

    /** @returns {Promise<StartedInfo>} */
    #connect() {
      this.#abandonSocket();
      this.#resetSession();
      let deferred;
      const promise = new Promise((resolve, reject) => {
        deferred = { resolve, reject };
      });
      this.#pendingStart = { promise, .../** @type {any} */ (deferred) };
      this.#setState('connecting');
      let ws;
      try {
        this.#url = endpointUrl(this.#options, BrowserToRtmpClient.scriptUrl);
        this.#recorder = this.#createRecorder();
        if (typeof root.WebSocket !== 'function') {
          throw clientError('NOT_SUPPORTED', 'this browser has no WebSocket', true);
        }
        ws = new root.WebSocket(this.#url);
      } catch (error) {
        const named = error && /** @type {any} */ (error).fatal !== undefined
          ? /** @type {Error & ClientErrorInfo} */ (error)
          : clientError('INVALID_OPTIONS', messageOf(error), true);
        this.#fail(named, true);
        return promise;
      }
      this.#attachSocket(ws, () => this.#onOpen(ws));
      return promise;
    }

    /**
     * Makes ws the current socket: only the current one's events reach the stream.
     * @param {WebSocket} ws
     * @param {() => void} onOpen
     */
    #attachSocket(ws, onOpen) {
      ws.binaryType = 'arraybuffer';
      this.#ws = ws;
      ws.onopen = onOpen;
      ws.onmessage = (/** @type {MessageEvent} */ event) => this.#onMessage(ws, event);
      ws.onclose = (/** @type {CloseEvent} */ event) => this.#onClose(ws, event);
      ws.onerror = () => {
        // Always followed by close, which carries the code and decides what it means.
      };
    }

    /** Lets go of the current socket at once: it is closed, and its late events can touch nothing. */
    #dropSocket() {
      const ws = this.#ws;
      this.#ws = null;
      if (ws) {
        detachSocket(ws);
        safeClose(ws);
      }
    }

    /** Drops what is left of a previous session (a socket still closing after an error), so it cannot touch this one. */
    #abandonSocket() {
      this.#endResuming();
      this.#clearCloseTimer();
      this.#stopStatsTimer();
      this.#stopPingTimer();
      this.#dropSocket();
      // A stop() that the old session's error overtook would otherwise wait forever, and be returned by the next stop().
      this.#settleStop();
    }

    #resetSession() {
      this.#id = null;
      this.#mode = null;
      this.#destinations = NO_DESTINATIONS;
      this.#mimeType = '';
      this.#sendChain = Promise.resolve();
      this.#acceptChunks = false;
      this.#bytesSent = 0;
      this.#chunksSent = 0;
      this.#liveMs = 0;
      this.#liveSince = null;
      this.#lastTick = { time: now(), bytesSent: 0, buffered: 0 };
      this.#congested = false;
      this.#tooSlowReported = false;
      this.#paused = false;
      this.#resumeToken = null;
      this.#resumeGraceMs = 0;
      this.#serverAnswersPings = false;
    }

    /** @returns {MediaRecorder} the stream's first recorder; its options are kept for the recorders of a resume */
    #createRecorder() {
      if (typeof root.MediaRecorder !== 'function') {
        throw clientError('NOT_SUPPORTED', 'this browser has no MediaRecorder', true);
      }
      const o = this.#options;
      const mimeType = o.mimeType || pickMimeType(this.#stream);
      /** @type {MediaRecorderOptions & {videoKeyFrameIntervalDuration?: number}} */
      const recorderOptions = { videoKeyFrameIntervalDuration: KEY_FRAME_INTERVAL_MS };
      if (mimeType) recorderOptions.mimeType = mimeType;
      if (o.videoBitsPerSecond !== undefined) recorderOptions.videoBitsPerSecond = o.videoBitsPerSecond;
      if (o.audioBitsPerSecond !== undefined) recorderOptions.audioBitsPerSecond = o.audioBitsPerSecond;
      let recorder;
      try {
        recorder = this.#newRecorder(recorderOptions);
      } catch (error) {
        const name = o.mimeType ? 'MIME_TYPE_NOT_SUPPORTED' : 'RECORDER_ERROR';
        throw clientError(name, `the browser cannot record ${mimeType || 'this stream'}: ${messageOf(error)}`, true);
      }
      this.#recorderOptions = recorderOptions;
      this.#mimeType = recorder.mimeType || mimeType;
      return recorder;
    }

    /**
     * A recorder of the stream whose events count only while it is the current one.
     * @param {MediaRecorderOptions} recorderOptions
     * @returns {MediaRecorder}
     */
    #newRecorder(recorderOptions) {
      const recorder = new root.MediaRecorder(this.#stream, recorderOptions);
      recorder.ondataavailable = (/** @type {BlobEvent} */ event) => {
        if (recorder === this.#recorder && this.#acceptChunks && event.data && event.data.size > 0) {
          this.#sendChunk(event.data);
        }
      };
      recorder.onerror = (/** @type {Event} */ event) => {
        if (recorder === this.#recorder) {
          const cause = /** @type {any} */ (event).error;
          this.#fail(clientError('RECORDER_ERROR', `the recorder failed: ${cause ? messageOf(cause) : 'unknown reason'}`, true), true);
        }
      };
      recorder.onstop = () => {
        // All recorded tracks ended (e.g. the user stopped sharing the screen): end the stream properly.
        if (recorder === this.#recorder && (this.#state === 'live' || this.#state === 'paused' || this.#state === 'reconnecting')) {
          this.stop();
        }
      };
      return recorder;
    }

    /** Whether the stream has sound: without it the server adds a silent track, which some ingests require. */
    #hasAudio() {
      const stream = this.#stream;
      const tracks = typeof stream.getAudioTracks === 'function'
        ? stream.getAudioTracks()
        : stream.getTracks().filter((track) => track.kind === 'audio');
      return tracks.length > 0;
    }

    /** The camera's or screen's own frame rate, which the server needs when it transcodes. */
    #trackFrameRate() {
      const track = this.#stream.getVideoTracks()[0];
      const rate = track && track.getSettings ? track.getSettings().frameRate : undefined;
      return rate && rate >= 1 ? Math.min(120, Math.round(rate)) : DEFAULT_FRAMERATE;
    }

    /** @param {WebSocket} ws */
    #onOpen(ws) {
      if (ws !== this.#ws || this.#state !== 'connecting') {
        return;
      }
      const o = this.#options;
      const config = {
        rtmp: o.rtmp,
        mimeType: this.#mimeType || undefined,
        framerate: o.framerate ?? this.#trackFrameRate(),
        audioSampleRate: o.audioSampleRate ?? DEFAULT_AUDIO_SAMPLE_RATE,
        audioBitsPerSecond: o.audioBitsPerSecond,
        videoBitsPerSecond: o.videoBitsPerSecond,
        audio: o.audio ?? this.#hasAudio(),
      };
      ws.send(JSON.stringify({ type: 'start', config }));
    }

    /**
     * @param {WebSocket} ws
     * @param {MessageEvent} event
     */
    #onMessage(ws, event) {
      if (ws !== this.#ws) {
        return;
      }
      this.#signOfLife(now());
      if (typeof event.data !== 'string') {
        return;
      }
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (ignored) {
        return;
      }
      if (!message || typeof message !== 'object') {
        return;
      }
      switch (message.type) {
        case 'started':
          this.#onStarted(message);
          break;
        case 'resumed':
          this.#onResumed(ws, message);
          break;
        case 'progress':
          this.#emit('progress', message);
          // Once a second the destinations' fresh numbers ride along; changes of state come as 'destinations'.
          this.#takeDestinations(message);
          break;
        case 'ffmpegOutput':
          this.#emit('ffmpegOutput', message.message == null ? '' : String(message.message));
          break;
        case 'error':
          this.#onServerError(errorInfo(message.error || {}));
          break;
        case 'destroyed':
          this.#onDestroyed();
          break;
        case 'reconnecting':
          // The server lost the RTMP server and tries again; it holds what we send meanwhile, so keep sending.
          if (this.#state === 'live' || this.#state === 'paused') {
            this.#setState('reconnecting');
          }
          this.#emit('reconnecting', {
            source: 'server',
            attempt: Number(message.attempt) || 0,
            maxAttempts: Number(message.maxAttempts) || 0,
            delayMs: Number(message.delayMs) || 0,
          });
          break;
        case 'destinations':
          // Sent on every change of a destination's state.
          this.#takeDestinations(message);
          break;
        case 'pong':
          // Its only news is that it came (counted above); it also shows that silence from this server means something.
          this.#serverAnswersPings = true;
          break;
        case 'live':
          // While resuming, reconnecting is this client's own: only resumed ends it.
          if (this.#state === 'reconnecting' && !this.#resuming) {
            this.#setState(this.paused ? 'paused' : 'live');
          }
          break;
        default:
          // Later protocol versions may add message types; they are not for us.
          break;
      }
    }

    /** A message that carries every destination's status (a 'destinations' or a 'progress'): kept and emitted. */
    #takeDestinations(/** @type {any} */ message) {
      if (Array.isArray(message.destinations)) { // a malformed list is not for us
        this.#destinations = destinationStatuses(message.destinations);
        this.#emit('destinations', this.#destinations);
      }
    }

    /** @param {{id?: unknown, mode?: unknown, resumeToken?: unknown, resumeGraceSeconds?: unknown}} message */
    #onStarted(message) {
      if (this.#state !== 'connecting' || !this.#recorder) {
        return;
      }
      this.#id = message.id == null ? null : String(message.id);
      this.#mode = message.mode == null ? null : String(message.mode);
      this.#takeResumeToken(message);
      this.#acceptChunks = true;
      try {
        // Started only now so that the first chunk, which carries the container header, goes after started.
        this.#recorder.start(this.#options.timeslice);
      } catch (error) {
        this.#fail(clientError('RECORDER_ERROR', `the recorder could not start: ${messageOf(error)}`, true), true);
        return;
      }
      this.#setState('live');
      this.#startStatsTimer();
      this.#startPingTimer();
      const info = this.#startedInfo();
      this.#emit('started', info);
      if (this.#pendingStart) {
        this.#pendingStart.resolve(info);
        this.#pendingStart = null;
      }
    }

    /** @param {ClientErrorInfo} error */
    #onServerError(error) {
      if (this.#resuming && error.name === 'RESUME_FAILED') {
        // The server will not give this client the stream back: for it the stream is over, whatever fatal says.
        this.#fail(clientError(error.name, error.message, true), true);
        return;
      }
      this.#emit('error', error);
      if (error.fatal) {
        // The server follows a fatal error with destroyed and closes; the timer covers a server that does not.
        this.#fail(clientError(error.name, error.message, true), false);
        this.#armCloseTimer();
      }
    }

    #onDestroyed() {
      this.#endResuming();
      this.#emit('destroyed', undefined);
      this.#acceptChunks = false;
      this.#stopRecorder();
      this.#stopStatsTimer();
      this.#stopPingTimer();
      if (this.#state === 'connecting') {
        this.#fail(clientError('CONNECTION_FAILED', 'the server ended the stream before it started', true), true);
      } else if (this.#state !== 'error') {
        this.#setState('stopped');
      }
      this.#closeSocket();
      this.#settleStop();
    }

    /**
     * @param {WebSocket} ws
     * @param {{code: number, reason: string}} event the CloseEvent, or the close the watchdog made
     * @param {LossCause} [cause]
     */
    #onClose(ws, event, cause = 'closed') {
      if (ws !== this.#ws) {
        return;
      }
      this.#ws = null;
      const detail = `code ${event.code}${event.reason ? `, ${event.reason}` : ''}`;
      switch (this.#state) {
        case 'connecting':
          this.#fail(clientError('CONNECTION_FAILED', `could not open the stream at ${ws.url} (${detail})`, true), true);
          break;
        case 'live':
        case 'paused':
        case 'reconnecting':
          if (this.#resuming) {
            this.#clearOpenTimer(this.#resuming);
            this.#scheduleResumeTry();
          } else if (this.#canResume()) {
            this.#beginResuming(detail, cause);
          } else {
            this.#fail(clientError('CONNECTION_LOST', `the connection to the server closed while streaming (${detail})`, true), true);
          }
          break;
        case 'stopping':
          this.#setState('stopped');
          break;
        default:
          break;
      }
      this.#clearCloseTimer();
      this.#stopStatsTimer();
      this.#stopPingTimer();
      this.#settleStop();
    }

    /** @param {{resumeToken?: unknown, resumeGraceSeconds?: unknown}} message started or resumed */
    #takeResumeToken(message) {
      const token = message.resumeToken;
      const grace = Number(message.resumeGraceSeconds);
      this.#resumeToken = typeof token === 'string' && token ? token : null;
      this.#resumeGraceMs = Number.isFinite(grace) && grace > 0 ? grace * 1000 : 0;
    }

    /** Whether a lost connection can be resumed: the server gave a token and a grace period, and the page allows it. */
    #canResume() {
      return this.#options.resume && this.#resumeToken !== null && this.#resumeGraceMs > 0 && this.#id !== null;
    }

    /**
     * The socket dropped while streaming. A recorder cannot carry its file on over another socket: the old one is
     * stopped and what it had not sent is lost; new sockets are tried until the grace period, counted from now, is over:
     * after silence too, since the server starts its own when it notices the loss, which is rarely sooner.
     * @param {string} detail how the socket closed, for the error if no try succeeds
     * @param {LossCause} cause
     */
    #beginResuming(detail, cause) {
      const retired = this.#recorder;
      // No longer the current recorder: its late chunks are dropped and its stop event does not stop the stream.
      this.#recorder = null;
      this.#acceptChunks = false;
      if (retired && retired.state !== 'inactive') {
        try {
          retired.stop();
        } catch (ignored) {
          // Already stopping.
        }
      }
      this.#resuming = {
        deadline: now() + this.#resumeGraceMs,
        attempts: 0,
        detail,
        cause,
        graceTimer: setTimeout(() => this.#resumeTimedOut(), this.#resumeGraceMs),
        retryTimer: null,
        openTimer: null,
      };
      this.#setState('reconnecting');
      this.#scheduleResumeTry();
    }

    /** The next try after the backoff delay; none if it could not begin before the grace period is over. */
    #scheduleResumeTry() {
      const run = this.#resuming;
      if (!run) {
        return;
      }
      const attempt = run.attempts + 1;
      const delayMs = RESUME_DELAYS_MS[Math.min(attempt, RESUME_DELAYS_MS.length) - 1];
      const graceRemainingMs = Math.max(0, Math.round(run.deadline - now()));
      if (delayMs >= graceRemainingMs) {
        return; // the grace timer ends it
      }
      run.attempts = attempt;
      this.#emit('reconnecting', { source: 'connection', cause: run.cause, attempt, maxAttempts: 0, delayMs, graceRemainingMs });
      if (this.#resuming !== run) {
        return; // a listener stopped the stream
      }
      if (delayMs === 0) {
        this.#tryResume(run);
      } else {
        run.retryTimer = setTimeout(() => {
          run.retryTimer = null;
          this.#tryResume(run);
        }, delayMs);
      }
    }

    /** @param {ResumeRun} run */
    #tryResume(run) {
      if (this.#resuming !== run) {
        return;
      }
      let ws;
      try {
        ws = new root.WebSocket(this.#url);
      } catch (ignored) {
        // Refused at once (offline, or blocked): a failed try like any other.
        this.#scheduleResumeTry();
        return;
      }
      this.#attachSocket(ws, () => this.#onResumeOpen(ws, run));
      run.openTimer = setTimeout(() => {
        run.openTimer = null;
        if (ws === this.#ws && ws.readyState === WS_CONNECTING) {
          this.#dropSocket();
          this.#scheduleResumeTry();
        }
      }, RESUME_OPEN_TIMEOUT_MS);
    }

    /**
     * Once open, a try is left to the server's answer or the socket's close: its token may be spent already.
     * @param {WebSocket} ws
     * @param {ResumeRun} run
     */
    #onResumeOpen(ws, run) {
      if (ws !== this.#ws || this.#resuming !== run) {
        return;
      }
      this.#clearOpenTimer(run);
      ws.send(JSON.stringify({ type: 'resume', id: this.#id, token: this.#resumeToken, mimeType: this.#mimeType || undefined }));
    }

    /**
     * This socket carries the stream now: a new recorder on the same stream, started unless the page wants the
     * stream paused; the server's pause state is brought to the page's with pause or resume first.
     * @param {WebSocket} ws
     * @param {{id?: unknown, mode?: unknown, resumeToken?: unknown, resumeGraceSeconds?: unknown, paused?: unknown, gapMs?: unknown}} message
     */
    #onResumed(ws, message) {
      const run = this.#resuming;
      if (!run || ws !== this.#ws) {
        return;
      }
      this.#endResuming();
      if (message.mode != null) {
        this.#mode = String(message.mode);
      }
      this.#takeResumeToken(message);
      let recorder;
      try {
        recorder = this.#newRecorder(this.#recorderOptions);
      } catch (error) {
        this.#fail(clientError('RECORDER_ERROR', `the browser cannot record again: ${messageOf(error)}`, true), true);
        return;
      }
      this.#recorder = recorder;
      this.#acceptChunks = true;
      const serverPaused = message.paused === true;
      if (this.#paused) {
        if (!serverPaused) {
          this.#sendControl('pause');
        }
      } else {
        if (serverPaused) {
          this.#sendControl('resume');
        }
        try {
          // Its first chunk carries a new container header, which the server splices onto the stream.
          recorder.start(this.#options.timeslice);
        } catch (error) {
          this.#fail(clientError('RECORDER_ERROR', `the recorder could not start: ${messageOf(error)}`, true), true);
          return;
        }
      }
      this.#setState(this.#paused ? 'paused' : 'live');
      this.#startStatsTimer();
      this.#startPingTimer();
      this.#emit('resumed', { id: /** @type {string} */ (this.#id), gapMs: Math.max(0, Number(message.gapMs) || 0), attempts: run.attempts });
    }

    #resumeTimedOut() {
      const run = this.#resuming;
      if (!run) {
        return;
      }
      run.graceTimer = null;
      const seconds = Math.round(this.#resumeGraceMs / 1000);
      this.#fail(clientError('CONNECTION_LOST',
        `the connection to the server closed while streaming (${run.detail}) and could not be resumed within ${seconds} s`, true), true);
    }

    /** @param {ResumeRun} run */
    #clearOpenTimer(run) {
      if (run.openTimer !== null) {
        clearTimeout(run.openTimer);
        run.openTimer = null;
      }
    }

    /** No more tries: resumed, failed, stopped, or a new stream. */
    #endResuming() {
      const run = this.#resuming;
      if (!run) {
        return;
      }
      this.#resuming = null;
      for (const timer of [run.graceTimer, run.retryTimer, run.openTimer]) {
        if (timer !== null) {
          clearTimeout(timer);
        }
      }
    }

    /** @param {Blob} blob */
    #sendChunk(blob) {
      const ws = this.#ws;
      const buffer = blob.arrayBuffer();
      buffer.catch(() => {
        // Reported by the chain below; this only keeps the rejection from counting as unhandled meanwhile.
      });
      this.#enqueue(() => buffer.then((data) => {
        if (ws && ws === this.#ws && ws.readyState === WS_OPEN) {
          ws.send(data);
          this.#bytesSent += data.byteLength;
          this.#chunksSent += 1;
          this.#checkBackpressure(ws);
        }
      }));
    }

    /** @param {() => unknown} task run after every send queued before it, so chunks keep their order */
    #enqueue(task) {
      this.#sendChain = this.#sendChain.then(task).then(() => undefined, (error) => {
        this.#fail(clientError('SEND_FAILED', `a chunk could not be sent: ${messageOf(error)}`, true), true);
      });
    }

    /**
     * Sends a control message in order with the chunks queued before it, if that socket is still the current one.
     * @param {'pause' | 'resume' | 'stop'} type
     * @param {WebSocket | null} [ws] the socket it is meant for; the current one by default
     */
    #sendControl(type, ws = this.#ws) {
      this.#enqueue(() => {
        if (ws && ws === this.#ws && ws.readyState === WS_OPEN) {
          ws.send(JSON.stringify({ type }));
        }
      });
    }

    #finishRecording() {
      const recorder = this.#recorder;
      const ws = this.#ws;
      const sendStop = () => this.#sendControl('stop', ws);
      if (recorder && recorder.state !== 'inactive') {
        // The final dataavailable fires before stop, so its chunk is queued ahead of the stop message.
        recorder.addEventListener('stop', sendStop, { once: true });
        try {
          recorder.stop();
        } catch (ignored) {
          recorder.removeEventListener('stop', sendStop);
          sendStop();
        }
      } else {
        sendStop();
      }
    }

    /** @returns {Promise<void>} settled by #settleStop */
    #beginStopping() {
      /** @type {() => void} */
      let resolve = () => {};
      /** @type {Promise<void>} */
      const promise = new Promise((r) => {
        resolve = () => r();
      });
      this.#pendingStop = { promise, resolve };
      this.#setState('stopping');
      this.#armCloseTimer();
      return promise;
    }

    #settleStop() {
      if (this.#pendingStop) {
        this.#clearCloseTimer();
        this.#pendingStop.resolve();
        this.#pendingStop = null;
      }
    }

    #armCloseTimer() {
      this.#clearCloseTimer();
      this.#closeTimer = setTimeout(() => {
        this.#closeTimer = null;
        const ws = this.#ws;
        this.#ws = null;
        if (ws) {
          detachSocket(ws);
          safeClose(ws);
        }
        this.#stopStatsTimer();
        this.#stopPingTimer();
        if (this.#state === 'stopping') {
          this.#setState('stopped');
        }
        this.#settleStop();
      }, this.#options.stopTimeout);
    }

    #clearCloseTimer() {
      if (this.#closeTimer !== null) {
        clearTimeout(this.#closeTimer);
        this.#closeTimer = null;
      }
    }

    #closeSocket() {
      const ws = this.#ws;
      if (ws && ws.readyState < 2) {
        safeClose(ws);
      }
    }

    #resume() {
      if (this.#resuming) {
        // No recorder and no socket now: #onResumed tells the server and starts the new recorder.
        this.#paused = false;
        return;
      }
      const recorder = this.#recorder;
      if (!recorder) {
        return;
      }
      this.#paused = false;
      this.#sendControl('resume');
      try {
        // A resumed stream that stayed paused has a recorder that has not started yet.
        if (recorder.state === 'inactive') {
          recorder.start(this.#options.timeslice);
        } else {
          recorder.resume();
        }
      } catch (error) {
        this.#fail(clientError('RECORDER_ERROR', `the recorder could not resume: ${messageOf(error)}`, true), true);
        return;
      }
      if (this.#state === 'paused') {
        this.#setState('live');
      }
    }

    #stopRecorder() {
      const recorder = this.#recorder;
      if (recorder && recorder.state !== 'inactive') {
        try {
          recorder.stop();
        } catch (ignored) {
          // Already stopping: nothing more to do.
        }
      }
    }

    /**
     * Ends the session with an error: state 'error', recorder stopped, a pending start() rejected.
     * @param {Error & ClientErrorInfo} error
     * @param {boolean} announce emit the error event (false when the server's message already did)
     */
    #fail(error, announce) {
      if (this.#state === 'error' || this.#state === 'stopped' || this.#state === 'idle') {
        return;
      }
      this.#endResuming();
      this.#acceptChunks = false;
      this.#stopRecorder();
      this.#stopStatsTimer();
      this.#stopPingTimer();
      if (announce) {
        // Closing without stop ends the stream on the server the same way (docs/protocol.md). Closed before the
        // events, so that a listener which starts a new stream does not see its new socket closed.
        this.#closeSocket();
        this.#emit('error', errorInfo(error));
      }
      this.#rejectStart(error);
      this.#setState('error');
    }

    /** @param {Error} error */
    #rejectStart(error) {
      if (this.#pendingStart) {
        const pending = this.#pendingStart;
        this.#pendingStart = null;
        pending.reject(error);
      }
    }

    /** @param {ClientState} state */
    #setState(state) {
      if (state === this.#state) {
        return;
      }
      const t = now();
      if (this.#state === 'live' && this.#liveSince !== null) {
        this.#liveMs += t - this.#liveSince;
        this.#liveSince = null;
      }
      if (state === 'live') {
        this.#liveSince = t;
      }
      this.#state = state;
      this.#emit('state', state);
    }

    /** @returns {StartedInfo} */
    #startedInfo() {
      return { id: /** @type {string} */ (this.#id), mode: /** @type {string} */ (this.#mode) };
    }

    #startStatsTimer() {
      this.#stopStatsTimer();
      this.#lastTick = { time: now(), bytesSent: this.#bytesSent, buffered: this.#ws ? this.#ws.bufferedAmount : 0 };
      this.#statsTimer = setInterval(() => this.#tick(), STATS_INTERVAL_MS);
    }

    /** Pings from started (or resumed) until the end: often for the watchdog, else every 15 s for the idle timeout. */
    #startPingTimer() {
      this.#stopPingTimer();
      const ws = this.#ws;
      this.#unansweredPingAt = null;
      this.#pingMark = { bytesSent: this.#bytesSent, buffered: ws ? ws.bufferedAmount : 0 };
      const silenceMs = this.#options.silenceTimeoutMs;
      const interval = this.#watchdogApplies() ? Math.max(1, Math.min(WATCHDOG_PING_INTERVAL_MS, silenceMs / 4)) : PING_INTERVAL_MS;
      this.#pingTimer = setInterval(() => this.#pingTick(), interval);
    }

    #stopPingTimer() {
      if (this.#pingTimer !== null) {
        clearInterval(this.#pingTimer);
        this.#pingTimer = null;
      }
      if (this.#silenceVerdict !== null) {
        clearTimeout(this.#silenceVerdict);
        this.#silenceVerdict = null;
      }
    }

    #pingTick() {
      const ws = this.#ws;
      if (!ws || ws.readyState !== WS_OPEN) {
        this.#stopPingTimer();
        return;
      }
      const t = now();
      // Media that left the browser since the last ping: the network still carries this connection, however slowly.
      const uploaded = this.#bytesSent - this.#pingMark.bytesSent - (ws.bufferedAmount - this.#pingMark.buffered);
      if (uploaded > 0) {
        this.#signOfLife(t);
      }
      try {
        ws.send(JSON.stringify({ type: 'ping' }));
      } catch (ignored) {
        // the close handler reports a lost connection
      }
      this.#pingMark = { bytesSent: this.#bytesSent, buffered: ws.bufferedAmount };
      if (this.#unansweredPingAt === null) {
        this.#unansweredPingAt = t;
      }
      if (this.#silenceVerdict === null && this.#silentAt(t)) {
        // One task later: a message that waited behind held-back timers (a frozen page waking up) is delivered first.
        this.#silenceVerdict = setTimeout(() => {
          this.#silenceVerdict = null;
          if (ws === this.#ws && this.#silentAt(now())) {
            this.#silenceDetected(ws);
          }
        }, 0);
      }
    }

    /** @param {number} t */
    #signOfLife(t) {
      this.#lastSignAt = t;
      this.#unansweredPingAt = null;
    }

    /** Whether silence can mean a lost connection: a stream that can be resumed, from started or resumed until the end. */
    #watchdogApplies() {
      return this.#options.silenceTimeoutMs > 0 && this.#canResume();
    }

    /**
     * Silence is no sign of life for silenceTimeoutMs although a ping went out at least half of it ago: a timer held
     * back by the browser (a hidden tab) sent no pings meanwhile, and its late tick alone proves nothing.
     * @param {number} t
     */
    #silentAt(t) {
      const silenceMs = this.#options.silenceTimeoutMs;
      // No pings while resuming: reconnecting here is the server's, until resumed starts the timer again.
      const watching = this.#watchdogApplies() && this.#serverAnswersPings
        && (this.#state === 'live' || this.#state === 'paused' || this.#state === 'reconnecting');
      return watching && t - this.#lastSignAt >= silenceMs
        && this.#unansweredPingAt !== null && t - this.#unansweredPingAt >= silenceMs / 2;
    }

    /**
     * A half-open connection may not close for minutes: the client closes it and resumes as after any drop.
     * @param {WebSocket} ws
     */
    #silenceDetected(ws) {
      // Its own close event, if it ever comes, must not count as a second loss.
      detachSocket(ws);
      try {
        ws.close(SILENCE_CLOSE_CODE, SILENCE_CLOSE_REASON);
      } catch (ignored) {
        // Already closing.
      }
      this.#onClose(ws, { code: SILENCE_CLOSE_CODE, reason: SILENCE_CLOSE_REASON }, 'silence');
    }

    #stopStatsTimer() {
      if (this.#statsTimer !== null) {
        clearInterval(this.#statsTimer);
        this.#statsTimer = null;
      }
    }

    #tick() {
      const ws = this.#ws;
      const t = now();
      const buffered = ws ? ws.bufferedAmount : 0;
      const seconds = (t - this.#lastTick.time) / 1000;
      // What left the browser: bytes handed to the socket minus what still waits in its buffer.
      const uploaded = this.#bytesSent - this.#lastTick.bytesSent - (buffered - this.#lastTick.buffered);
      const uploadBitrate = seconds > 0 ? Math.max(0, Math.round((uploaded * 8) / seconds)) : 0;
      this.#lastTick = { time: t, bytesSent: this.#bytesSent, buffered };
      if (ws) {
        this.#checkBackpressure(ws);
      }
      if (this.#state === 'live') {
        const liveMs = this.#liveMs + (this.#liveSince !== null ? t - this.#liveSince : 0);
        this.#emit('stats', {
          bytesSent: this.#bytesSent,
          chunksSent: this.#chunksSent,
          uploadBitrate,
          bufferedAmount: buffered,
          liveSeconds: Math.round(liveMs / 100) / 10,
        });
      }
    }

    /** @param {WebSocket} ws */
    #checkBackpressure(ws) {
      const buffered = ws.bufferedAmount;
      const threshold = this.#options.maxBufferedBytes;
      if (buffered > threshold) {
        if (!this.#congested) {
          this.#congested = true;
          this.#emit('backpressure', { bufferedAmount: buffered, threshold });
        }
        if (buffered > TOO_SLOW_FACTOR * threshold && !this.#tooSlowReported) {
          this.#tooSlowReported = true;
          this.#emit('error', {
            name: 'UPLOAD_TOO_SLOW',
            message: `${Math.round(buffered / 1048576)} MiB wait to be uploaded: the connection is slower than the recording; lower videoBitsPerSecond`,
            fatal: false,
          });
        }
      } else if (buffered <= threshold / 2) {
        // Half the threshold ends the episode, so a buffer hovering at the threshold does not flood events.
        this.#congested = false;
        this.#tooSlowReported = false;
      }
    }

    /**
     * @param {string} event
     * @param {unknown} value
     */
    #emit(event, value) {
      const listeners = this.#listeners.get(event);
      if (!listeners || listeners.size === 0) {
        if (event === 'error' && root.console) {
          const info = /** @type {ClientErrorInfo} */ (value);
          root.console.warn(`BrowserToRtmpClient: ${info.name}: ${info.message}`);
        }
        return;
      }
      for (const listener of Array.from(listeners)) {
        try {
          listener.call(this, value);
        } catch (error) {
          // A failing listener must not break the stream or the other listeners.
          if (root.console) root.console.error(`BrowserToRtmpClient: a ${event} listener threw`, error);
        }
      }
    }
  }

  /** @param {unknown} error @returns {string} */
  function messageOf(error) {
    return error && typeof error === 'object' && 'message' in error ? String(/** @type {any} */ (error).message) : String(error);
  }

  /** Unknown event names already warned about, so that a page that creates a client per stream warns once. */
  const warnedEvents = new Set();

  /** @param {string} event @param {unknown} listener */
  function checkListener(event, listener) {
    if (typeof listener !== 'function') {
      throw new TypeError('BrowserToRtmpClient: the listener must be a function');
    }
    // Accepted like any emitter accepts it (code written for the seed may listen to its other events), but a typo shows.
    if (EVENTS.indexOf(event) < 0 && !warnedEvents.has(event)) {
      warnedEvents.add(event);
      if (root.console) root.console.warn(`BrowserToRtmpClient: unknown event ${String(event)}, its listener will never be called; known: ${EVENTS.join(', ')}`);
    }
  }

  /** @param {WebSocket} ws */
  function detachSocket(ws) {
    ws.onopen = null;
    ws.onmessage = null;
    ws.onclose = null;
    ws.onerror = null;
  }

  /** @param {WebSocket} ws */
  function safeClose(ws) {
    try {
      ws.close(1000);
    } catch (ignored) {
      // Already closed.
    }
  }

  Object.defineProperties(BrowserToRtmpClient, {
    PROTOCOL_VERSION: { value: PROTOCOL_VERSION, enumerable: true },
    MIME_TYPES: { value: MIME_TYPES, enumerable: true },
    VIDEO_ONLY_MIME_TYPES: { value: VIDEO_ONLY_MIME_TYPES, enumerable: true },
    EVENTS: { value: EVENTS, enumerable: true },
    pickMimeType: { value: pickMimeType, enumerable: true, writable: true, configurable: true },
  });

  return BrowserToRtmpClient;
});
