// Types for browser-to-rtmp-client.js (global BrowserToRtmpClient) and browser-to-rtmp-client.mjs (ES module).
// Wire protocol: docs/protocol.md; API guide: docs/client.md.

/** Where a client is in its life; every change is emitted as a `state` event. */
export type BrowserToRtmpClientState = 'idle' | 'connecting' | 'live' | 'paused' | 'reconnecting' | 'stopping' | 'stopped' | 'error';

/**
 * Payload of the `reconnecting` event, from either source:
 * - `source: 'server'`: the server lost the RTMP server and tries again after `delayMs`; media keeps flowing and
 *   is held meanwhile.
 * - `source: 'connection'`: this client lost its WebSocket and tries to resume the stream on a new one after
 *   `delayMs`; the server keeps the stream for `graceRemainingMs` more.
 */
export interface BrowserToRtmpClientReconnecting {
  source: 'server' | 'connection';
  /**
   * `connection` only: why the connection was given up. `closed`: the socket closed; `silence`: nothing came from the
   * server for `silenceTimeoutMs` although pings went out, and the client closed the socket itself (code 4000).
   */
  cause?: 'closed' | 'silence';
  /** From 1; for `connection`, counted from the drop. */
  attempt: number;
  /** The server's limit of attempts; 0 for `connection`, whose tries are bounded by the grace period instead. */
  maxAttempts: number;
  delayMs: number;
  /** `connection` only: milliseconds left of the grace period, counted from the drop. */
  graceRemainingMs?: number;
}

/** Payload of the `resumed` event: the stream goes on over a new WebSocket after a lost connection. */
export interface BrowserToRtmpClientResumed {
  /** The stream's id, the same as before the drop. */
  id: string;
  /** How long the server had no connection for the stream (0 when it had not noticed the loss). */
  gapMs: number;
  /** How many tries it took, this one included. */
  attempts: number;
}

/** Where one RTMP destination of the stream is; `stopped`: an operator stopped this destination alone. */
export type DestinationState = 'connecting' | 'live' | 'reconnecting' | 'failed' | 'stopped' | 'ended';

/** One entry of the `destinations` event and of `client.destinations`: a destination as the server last reported it. */
export interface DestinationStatus {
  /** Its position in the start config's `rtmp` (0 for a single URL). */
  index: number;
  /** The URL, masked by the server: the stream key is not in it. */
  url: string;
  /** Later server versions may send states not listed here. */
  state: DestinationState | (string & {});
  /** Bytes published to this destination. */
  bytes: number;
  bitrateKbps: number;
  /** How often the server connected to it again after losing it. */
  reconnects: number;
  /** Media this destination skipped because it fell behind (it resumes at the next key frame). */
  skippedBytes: number;
  /** Its last error, or null. */
  error: { name: ServerErrorName | (string & {}); message: string } | null;
  [field: string]: unknown;
}

/** Error names the server sends (docs/protocol.md). */
export type ServerErrorName =
  | 'INVALID_MESSAGE'
  | 'UNKNOWN_MESSAGE_TYPE'
  | 'ALREADY_STARTED'
  | 'NOT_STARTED'
  | 'INVALID_PARAMETERS'
  | 'RTMP_URL_REJECTED'
  | 'FFMPEG_NOT_FOUND'
  | 'FFMPEG_START_FAILED'
  | 'FFMPEG_NO_SILENCE'
  | 'RTMP_CONNECTION_FAILED'
  | 'RTMP_TLS_FAILED'
  | 'FFMPEG_UNEXPECTED_END'
  | 'QUEUE_FULL'
  | 'MESSAGE_TOO_BIG'
  | 'TOO_MANY_STREAMS'
  | 'TOO_MANY_CONNECTIONS'
  | 'SERVER_BUSY'
  | 'START_REFUSED'
  | 'HOOK_FAILED'
  | 'STOPPED_BY_ADMIN'
  | 'IDLE_TIMEOUT'
  | 'MEDIA_TIMEOUT'
  | 'PAUSE_TIMEOUT'
  | 'TOO_MANY_ERRORS'
  | 'RESUME_FAILED'
  | 'MEDIA_CHANGED'
  | 'INTERNAL_ERROR';

/** Error names the client produces itself. `ABORTED` and `INVALID_STATE` only reject `start()`. */
export type ClientErrorName =
  | 'CONNECTION_FAILED'
  | 'CONNECTION_LOST'
  | 'UPLOAD_TOO_SLOW'
  | 'RECORDER_ERROR'
  | 'MIME_TYPE_NOT_SUPPORTED'
  | 'NOT_SUPPORTED'
  | 'INVALID_OPTIONS'
  | 'SEND_FAILED'
  | 'ABORTED'
  | 'INVALID_STATE';

/** Payload of the `error` event. Later server versions may send names not listed here. */
export interface BrowserToRtmpClientError {
  name: ServerErrorName | ClientErrorName | (string & {});
  message: string;
  /** true: the stream has ended and the client is in state `error`. */
  fatal: boolean;
}

/** What `start()` rejects with: an Error whose `name` is the error name. */
export interface BrowserToRtmpClientStartError extends Error {
  name: ServerErrorName | ClientErrorName | (string & {});
  fatal: boolean;
}

export interface BrowserToRtmpClientOptions {
  /** Full ws:// or wss:// URL of the endpoint (http(s):// and page-relative URLs are converted). Overrides host and port. */
  url?: string;
  /** Host of the relay server. Without it the page's own host is used. */
  host?: string;
  port?: number;
  /** Force wss:// on an http page; https pages always use wss://. */
  secure?: boolean;
  /**
   * Destination: rtmp:// or rtmps:// with a host and a path; or several of them (1 to the server's limit, 5 by
   * default), to publish the same stream to each. Sent as given.
   */
  rtmp?: string | readonly string[];
  /** The seed API's spelling of `rtmp`; `rtmp` wins when both are given. */
  rtmpUrl?: string | readonly string[];
  /** Whether the stream has sound; by default, whether it has an audio track. When false the server adds silence. */
  audio?: boolean;
  /** Frames per second of the transcoded video (server default 30). */
  framerate?: number;
  /** AAC sample rate (server default 44100). */
  audioSampleRate?: number;
  /** Recorder audio bitrate and AAC bitrate (server default 128000). */
  audioBitsPerSecond?: number;
  /** Recorder video bitrate and H.264 cap when transcoding (server default 2500000). */
  videoBitsPerSecond?: number;
  /** Force the recorder type instead of `pickMimeType()`, e.g. 'video/webm;codecs=vp8,opus'. */
  mimeType?: string;
  /** Milliseconds of media per chunk; default and maximum 250. */
  timeslice?: number;
  /** Bytes waiting in the WebSocket above which `backpressure` is emitted; default 8 MiB. */
  maxBufferedBytes?: number;
  /** Milliseconds `stop()` waits for the server before it closes the socket; default 10000. */
  stopTimeout?: number;
  /**
   * When the WebSocket drops while streaming and the server offered it (WebM/Matroska input), resume the stream on
   * a new connection within the server's grace period instead of ending it with `CONNECTION_LOST`; default true.
   */
  resume?: boolean;
  /**
   * Milliseconds without a word from the server (no message, no media leaving the browser) after which the connection
   * of a stream that can be resumed counts as lost although it did not close, as a half-open one after a network
   * change: the client closes it with 4000 and resumes. Counted only once the server has answered a ping with pong,
   * and only when a ping went unanswered for at least half of it. Default 8000; 0 turns the watchdog off.
   */
  silenceTimeoutMs?: number;
}

/** Value of `start()` and of the `started` event. */
export interface BrowserToRtmpClientStarted {
  /** The server's id of this stream. */
  id: string;
  /** `copy`: the video is passed through; `transcode`: it is re-encoded to H.264. */
  mode: 'copy' | 'transcode' | (string & {});
}

/** The server's progress message, as received. */
export interface BrowserToRtmpClientProgress {
  type: 'progress';
  frames?: number;
  fps?: number;
  bitrateKbps?: number;
  outTimeMs?: number;
  speed?: number;
  /** Every destination's state and numbers, as the server sent them; the `destinations` event carries them read. */
  destinations?: unknown[];
  [field: string]: unknown;
}

/** Payload of the `stats` event, about once a second while live. */
export interface BrowserToRtmpClientStats {
  /** Media bytes handed to the WebSocket since `started`. */
  bytesSent: number;
  chunksSent: number;
  /** Bits per second that left the browser over the last interval. */
  uploadBitrate: number;
  /** Bytes still waiting in the WebSocket. */
  bufferedAmount: number;
  /** Seconds spent live, pauses excluded. */
  liveSeconds: number;
}

/** Payload of the `backpressure` event. */
export interface BrowserToRtmpClientBackpressure {
  bufferedAmount: number;
  threshold: number;
}

export interface BrowserToRtmpClientEventMap {
  error: BrowserToRtmpClientError;
  destroyed: undefined;
  ffmpegOutput: string;
  started: BrowserToRtmpClientStarted;
  progress: BrowserToRtmpClientProgress;
  state: BrowserToRtmpClientState;
  stats: BrowserToRtmpClientStats;
  backpressure: BrowserToRtmpClientBackpressure;
  reconnecting: BrowserToRtmpClientReconnecting;
  destinations: readonly DestinationStatus[];
  resumed: BrowserToRtmpClientResumed;
}

export type BrowserToRtmpClientEvent = keyof BrowserToRtmpClientEventMap;

export declare class BrowserToRtmpClient {
  /** Version of docs/protocol.md this client speaks. */
  static readonly PROTOCOL_VERSION: 1;
  /** Recorder types in order of preference. */
  static readonly MIME_TYPES: readonly string[];
  /** Preferred types when the stream has no audio track. */
  static readonly VIDEO_ONLY_MIME_TYPES: readonly string[];
  static readonly EVENTS: readonly BrowserToRtmpClientEvent[];
  /** URL the script was loaded from; the default endpoint is `new URL('../stream', scriptUrl)`. Settable. */
  static scriptUrl: string | undefined;
  /** The first recorder type this browser supports, video-only types first for a stream without audio; '' if none. */
  static pickMimeType(mediaStream?: MediaStream): string;

  constructor(mediaStream: MediaStream, options?: BrowserToRtmpClientOptions);

  readonly state: BrowserToRtmpClientState;
  /** The server's stream id, once started. */
  readonly id: string | null;
  /** 'copy' or 'transcode', once started. */
  readonly mode: string | null;
  /** True while `pause()` holds the stream: in state `paused`, and in `reconnecting` after a `pause()`. */
  readonly paused: boolean;
  /** The recorder's type for the current stream; '' before `start()`. */
  readonly mimeType: string;
  /** The WebSocket URL `start()` connects to; null when the options give none. */
  readonly url: string | null;
  /**
   * The destinations as the server last reported them (the last `destinations` event; frozen). Empty until the
   * server reports them; kept after the stream ends; emptied by the next `start()` of a new stream.
   */
  readonly destinations: readonly DestinationStatus[];

  /**
   * Connects, sends start, and starts recording once the server answers `started`. While paused, resumes.
   * While connecting, returns the pending promise; while live or reconnecting, resolves at once (resuming a
   * recorder that `pause()` held). Rejects with `INVALID_STATE` while stopping.
   */
  start(): Promise<BrowserToRtmpClientStarted>;
  /**
   * Pauses recording while live or reconnecting; the connection stays open. While resuming a lost connection it
   * only records the wish, which the client tells the server once resumed. Does nothing in other states.
   */
  pause(): void;
  /**
   * Sends the last chunk and stop; resolves on `destroyed`, on close, or after `stopTimeout`. While resuming a lost
   * connection it stops trying and resolves at once (state `stopped`). Never rejects.
   */
  stop(): Promise<void>;

  /**
   * Adds a listener. At run time another event name is accepted too (as the seed's emitter does; its listener is
   * never called, and the name is warned about once); the type allows only the events that fire.
   */
  on<K extends BrowserToRtmpClientEvent>(
    event: K,
    listener: (this: BrowserToRtmpClient, value: BrowserToRtmpClientEventMap[K]) => void,
  ): this;
  off<K extends BrowserToRtmpClientEvent>(
    event: K,
    listener: (this: BrowserToRtmpClient, value: BrowserToRtmpClientEventMap[K]) => void,
  ): this;
}

/** Same as `BrowserToRtmpClient.pickMimeType`. */
export declare function pickMimeType(mediaStream?: MediaStream): string;

export default BrowserToRtmpClient;

type BrowserToRtmpClientConstructor = typeof BrowserToRtmpClient;

declare global {
  /** Defined by the classic script browser-to-rtmp-client.js. */
  var BrowserToRtmpClient: BrowserToRtmpClientConstructor;
}
