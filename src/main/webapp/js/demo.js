/*
 * The demo page: pick a camera or a screen, enter one RTMP URL or several, stream it through BrowserToRtmpClient
 * and show what happens in words a person understands, with a badge per destination. Element ids, classes and
 * data-* attributes are stable: the browser tests read them.
 */
import BrowserToRtmpClient from './browser-to-rtmp-client.mjs';
import { watchArrival } from './demo-arrival.js';

/** @typedef {import('./browser-to-rtmp-client').BrowserToRtmpClient} Client */
/** @typedef {'camera' | 'screen'} Source */
/** @typedef {import('./browser-to-rtmp-client').DestinationStatus} DestinationStatus */

/** What each error name means for the person in front of the page. */
const FRIENDLY_ERRORS = Object.freeze({
  // Sent by the server (docs/protocol.md)
  INVALID_MESSAGE: 'The page sent the server something it could not read. Reloading the page may help; if not, this is a bug.',
  UNKNOWN_MESSAGE_TYPE: 'The page and the server do not speak the same version. Reload the page.',
  ALREADY_STARTED: 'This connection is already streaming. Stop it before starting again.',
  NOT_STARTED: 'Some video reached the server before it was ready and was skipped.',
  INVALID_PARAMETERS: 'One of the settings is outside what the server allows. Check the frame rate, the bitrate and the number of destinations.',
  RTMP_URL_REJECTED: 'The server did not accept this RTMP URL. It must start with rtmp:// or rtmps:// and contain a server and a path, for example rtmp://live.example.com/app/stream-key.',
  FFMPEG_NOT_FOUND: 'The relay server is not set up for streaming yet: its video tool (ffmpeg) is missing. Please tell its administrator.',
  FFMPEG_START_FAILED: 'The relay server could not start its video tool. Try again in a moment; tell its administrator if it keeps happening.',
  FFMPEG_NO_SILENCE: 'The relay server cannot stream video without sound: allow the microphone, or tell its administrator (its ffmpeg lacks lavfi).',
  RTMP_CONNECTION_FAILED: 'The RTMP server could not be reached or refused the stream. Check the URL and the stream key.',
  RTMP_TLS_FAILED: 'The RTMPS server\'s certificate was not accepted, so nothing was sent. Check the host name in the URL.',
  FFMPEG_UNEXPECTED_END: 'The stream stopped unexpectedly on the relay server.',
  QUEUE_FULL: 'Video arrived at the relay server faster than it could pass it on, so the stream was stopped. Try a lower video bitrate.',
  MESSAGE_TOO_BIG: 'A piece of video was bigger than the relay server accepts. Try a lower video bitrate.',
  INTERNAL_ERROR: 'Something went wrong on the relay server. Please try again.',
  TOO_MANY_STREAMS: 'The relay server is carrying as many streams as it may. Try again later.',
  TOO_MANY_CONNECTIONS: 'Your network already has as many connections to the relay server as it allows. Close the relay in other tabs, then start again.',
  SERVER_BUSY: 'The relay server is holding as many connections as it can. Try again in a few minutes.',
  START_REFUSED: 'The relay server refused to start this stream.',
  HOOK_FAILED: 'The relay server could not check whether this stream may start. Try again later; tell its administrator if it keeps happening.',
  STOPPED_BY_ADMIN: 'An administrator of the relay server stopped this stream.',
  IDLE_TIMEOUT: 'Nothing reached the relay server for too long, so it closed the connection. Start again.',
  MEDIA_TIMEOUT: 'No video reached the relay server for too long (the page lost its network or stopped recording), so the stream ended. Start again.',
  TOO_MANY_ERRORS: 'The relay server closed the connection because it kept receiving messages it could not use. Reload the page.',
  PAUSE_TIMEOUT: 'The stream stayed paused longer than the relay server allows, so it ended. Start again when you are ready.',
  MEDIA_CHANGED: 'After the connection came back, the browser recorded with another camera or format than before, so the stream ended. Start again.',
  // Produced by the client
  CONNECTION_FAILED: 'Could not connect to the relay server. Check that it is running and that this page can reach it.',
  CONNECTION_LOST: 'The connection to the relay server was lost and could not be restored in time, so the stream ended. Start again.',
  RESUME_FAILED: 'The connection was lost, and the relay server could not take the stream back when it returned, so the stream ended. Start again.',
  UPLOAD_TOO_SLOW: 'Your upload is too slow for this video quality: video is piling up in the browser. Lower the video bitrate or pause other uploads.',
  RECORDER_ERROR: 'The browser stopped recording the video.',
  MIME_TYPE_NOT_SUPPORTED: 'This browser cannot record in the chosen format. Choose “Automatic” under Advanced settings.',
  NOT_SUPPORTED: 'This browser cannot record video for streaming. Try a recent Chrome, Edge, Firefox or Safari.',
  INVALID_OPTIONS: 'The settings are not valid.',
  SEND_FAILED: 'The browser could not send the video to the relay server.',
  // Checked by this page
  RTMP_URL_MISSING: 'Enter the RTMP URL to stream to, for example rtmp://live.example.com/app/stream-key.',
  DESTINATION_EMPTY: 'One of the destinations is empty. Enter its RTMP URL, or remove it.',
  // From the camera and screen APIs
  NotAllowedError: 'Access to the camera, microphone or screen was refused. Allow it (look for the icon in the address bar) and try again.',
  NotFoundError: 'No camera or microphone was found.',
  NotReadableError: 'The camera or microphone is in use by another application, or the system blocked it.',
  OverconstrainedError: 'The camera cannot deliver the requested frame rate or size.',
  AbortError: 'Capturing the camera or screen was interrupted. Try again.',
  SecurityError: 'Camera and screen capture need a secure page (https, or localhost).',
  NO_MEDIA_DEVICES: 'This browser does not offer camera or screen capture on this page. Use https (or localhost) and a recent browser.',
});

const STREAMING_STATES = ['connecting', 'live', 'paused', 'reconnecting', 'stopping'];
const MAX_LOG_LINES = 300;
/** The server's default relay.maxDestinationsPerStream; a server set lower says so with INVALID_PARAMETERS. */
const MAX_DESTINATIONS = 5;
/** What each destination state means, for the badge's tooltip. */
const DESTINATION_STATES = Object.freeze({
  connecting: 'connecting to this RTMP server',
  live: 'receiving the stream',
  reconnecting: 'lost, connecting again',
  failed: 'gave up on this destination',
  stopped: 'stopped by an administrator',
  ended: 'the stream has ended here',
});

/**
 * @template {HTMLElement} T
 * @param {string} id
 * @returns {T}
 */
function byId(id) {
  const element = document.getElementById(id);
  if (!element) {
    throw new Error(`demo: missing element #${id}`);
  }
  return /** @type {T} */ (element);
}

const ui = {
  form: /** @type {HTMLFormElement} */ (byId('stream-form')),
  sourceCamera: /** @type {HTMLInputElement} */ (byId('source-camera')),
  sourceScreen: /** @type {HTMLInputElement} */ (byId('source-screen')),
  audio: /** @type {HTMLInputElement} */ (byId('audio')),
  preview: /** @type {HTMLVideoElement} */ (byId('preview')),
  sourceInfo: byId('source-info'),
  /** The first destination: always there, never removed. */
  rtmp: /** @type {HTMLInputElement} */ (byId('rtmp')),
  destinations: /** @type {HTMLOListElement} */ (byId('destinations')),
  addDestination: /** @type {HTMLButtonElement} */ (byId('add-destination')),
  maxDestinations: byId('max-destinations'),
  framerate: /** @type {HTMLInputElement} */ (byId('framerate')),
  videoBitrate: /** @type {HTMLInputElement} */ (byId('video-bitrate')),
  mimeType: /** @type {HTMLSelectElement} */ (byId('mime-type')),
  start: /** @type {HTMLButtonElement} */ (byId('start')),
  pause: /** @type {HTMLButtonElement} */ (byId('pause')),
  stop: /** @type {HTMLButtonElement} */ (byId('stop')),
  state: byId('state'),
  stateDetail: byId('state-detail'),
  error: byId('error'),
  errorDetail: byId('error-detail'),
  notice: byId('notice'),
  mode: byId('mode'),
  modeDetail: byId('mode-detail'),
  mime: byId('mime'),
  frames: byId('frames'),
  fps: byId('fps'),
  bitrate: byId('bitrate'),
  speed: byId('speed'),
  outTime: byId('out-time'),
  streamId: byId('stream-id'),
  uploadBitrate: byId('upload-bitrate'),
  bytesSent: byId('bytes-sent'),
  chunksSent: byId('chunks-sent'),
  buffered: byId('buffered'),
  liveTime: byId('live-time'),
  destinationStatus: byId('destination-status'),
  destinationBadges: byId('destination-badges'),
  log: byId('log'),
};

/** @type {MediaStream | null} */
let media = null;
/** @type {Client | null} */
let client = null;
/** Acquiring a source: the controls wait for it. */
let busy = false;
let logLines = 0;
/** @type {Map<number, HTMLLIElement>} badges by destination index, updated in place so a hovered one keeps its tooltip */
const badges = new Map();
/**
 * While the client resumes its lost connection: its latest try and when the server gives the stream up.
 * @type {{attempt: number, deadline: number, ticker: ReturnType<typeof setInterval>} | null}
 */
let resuming = null;

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

// ---- rendering -------------------------------------------------------------------------------------------

/** @returns {string} */
function currentState() {
  return client ? client.state : 'idle';
}

function render() {
  const state = currentState();
  const streaming = STREAMING_STATES.includes(state);
  document.body.dataset.state = state;
  ui.state.textContent = state;
  // while the relay reconnects to the RTMP server the stream is started: it can be paused and resumed as when live
  const held = state === 'paused' || (state === 'reconnecting' && !!client && client.paused);
  ui.start.textContent = held ? 'Resume' : 'Start';
  ui.start.disabled = busy || (streaming && !held);
  ui.pause.disabled = !((state === 'live' || state === 'reconnecting') && !held);
  ui.stop.disabled = !(state === 'connecting' || state === 'live' || state === 'paused' || state === 'reconnecting');
  for (const input of [ui.sourceCamera, ui.sourceScreen, ui.audio, ui.framerate, ui.videoBitrate, ui.mimeType,
    ...destinationInputs(), ...ui.destinations.querySelectorAll('button')]) {
    /** @type {HTMLInputElement | HTMLSelectElement | HTMLButtonElement} */ (input).disabled = busy || streaming;
  }
  ui.addDestination.disabled = busy || streaming || destinationInputs().length >= MAX_DESTINATIONS;
}

/**
 * @param {HTMLElement} element
 * @param {number | string | null} raw machine-readable value, kept in data-value for tests
 * @param {string} text what a person reads
 */
function show(element, raw, text) {
  if (raw === null || raw === undefined || raw === '') {
    delete element.dataset.value;
    element.textContent = '–';
  } else {
    element.dataset.value = String(raw);
    element.textContent = text;
  }
}

/** @param {number} bytes */
function formatBytes(bytes) {
  if (bytes < 1024) return `${numberFormat.format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${decimalFormat.format(bytes / 1024)} KiB`;
  if (bytes < 1024 * 1024 * 1024) return `${decimalFormat.format(bytes / 1048576)} MiB`;
  return `${decimalFormat.format(bytes / 1073741824)} GiB`;
}

/** @param {number} bitsPerSecond */
function formatBitrate(bitsPerSecond) {
  return bitsPerSecond >= 1e6 ? `${decimalFormat.format(bitsPerSecond / 1e6)} Mbit/s` : `${numberFormat.format(bitsPerSecond / 1000)} kbit/s`;
}

/** @param {number} seconds */
function formatDuration(seconds) {
  const total = Math.max(0, Math.floor(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** @param {string | null} mode */
function describeMode(mode) {
  if (mode === 'copy') return 'H.264 video passed through unchanged';
  if (mode === 'transcode') return 'video converted to H.264 on the server';
  return '';
}

/** The status line's second part: a lost connection being resumed, with a countdown, or just resumed. */
function renderStateDetail() {
  const detail = ui.stateDetail;
  if (resuming) {
    const left = Math.max(0, Math.ceil((resuming.deadline - performance.now()) / 1000));
    detail.dataset.kind = 'resuming';
    detail.dataset.attempt = String(resuming.attempt);
    detail.dataset.value = String(left);
    detail.textContent = `Connection lost: resuming (attempt ${resuming.attempt}, ${left} s left)`;
  }
}

/**
 * @param {import('./browser-to-rtmp-client').BrowserToRtmpClientReconnecting} event
 */
function startResuming({ attempt, graceRemainingMs }) {
  if (!resuming) {
    appendLog(`— connection to the relay lost: resuming, the server keeps the stream for ${Math.round((graceRemainingMs || 0) / 1000)} s —`);
  }
  const ticker = resuming ? resuming.ticker : setInterval(renderStateDetail, 1000);
  resuming = { attempt, deadline: performance.now() + (graceRemainingMs || 0), ticker };
  renderStateDetail();
}

/** @param {string} text what the status line says after the state, '' for nothing */
function endResuming(text = '') {
  if (resuming) {
    clearInterval(resuming.ticker);
    resuming = null;
  }
  const detail = ui.stateDetail;
  delete detail.dataset.attempt;
  delete detail.dataset.value;
  if (text) {
    detail.dataset.kind = 'resumed';
  } else {
    delete detail.dataset.kind;
  }
  detail.textContent = text;
}

function resetStatus() {
  for (const element of [ui.mode, ui.mime, ui.frames, ui.fps, ui.bitrate, ui.speed, ui.outTime, ui.streamId,
    ui.uploadBitrate, ui.bytesSent, ui.chunksSent, ui.buffered, ui.liveTime]) {
    show(element, null, '');
  }
  ui.modeDetail.textContent = '';
  ui.notice.textContent = '';
  endResuming();
  renderBadges([]);
}

/** @param {{name?: string, message?: string, fatal?: boolean}} error */
function showError(error) {
  const name = error.name || 'INTERNAL_ERROR';
  const friendly = /** @type {Record<string, string>} */ (FRIENDLY_ERRORS)[name];
  const message = error.message || '';
  ui.error.textContent = friendly || message || `Something went wrong (${name}).`;
  ui.error.dataset.name = name;
  ui.error.classList.toggle('warning', error.fatal === false);
  ui.errorDetail.textContent = friendly && message ? `Details: ${message} (${name})` : `(${name})`;
}

function clearError() {
  ui.error.textContent = '';
  delete ui.error.dataset.name;
  ui.error.classList.remove('warning');
  ui.errorDetail.textContent = '';
}

/** @param {string} line */
function appendLog(line) {
  if (logLines === 0) {
    ui.log.textContent = '';
  }
  if (logLines >= MAX_LOG_LINES) {
    const text = ui.log.textContent || '';
    ui.log.textContent = text.slice(text.indexOf('\n') + 1);
  } else {
    logLines += 1;
  }
  const nearBottom = ui.log.scrollHeight - ui.log.scrollTop - ui.log.clientHeight < 24;
  ui.log.textContent += `${line}\n`;
  if (nearBottom) {
    ui.log.scrollTop = ui.log.scrollHeight;
  }
}

// ---- destinations ----------------------------------------------------------------------------------------

/** @returns {HTMLInputElement[]} the destination fields in order, #rtmp first */
function destinationInputs() {
  return Array.from(ui.destinations.querySelectorAll('input.destination-field'));
}

/**
 * Adds a destination field after the others, unless there are as many as a stream may have.
 * @param {string} [value]
 * @returns {HTMLInputElement | null}
 */
function addDestinationField(value = '') {
  if (destinationInputs().length >= MAX_DESTINATIONS) {
    return null;
  }
  const row = document.createElement('li');
  row.className = 'destination-row';
  // A copy of the first field, for its type, class and hints; numberDestinations() gives it its own id.
  const input = /** @type {HTMLInputElement} */ (ui.rtmp.cloneNode(false));
  input.removeAttribute('id');
  input.value = value;
  input.removeAttribute('aria-invalid');
  input.removeAttribute('aria-describedby');
  input.required = false;
  const remove = document.createElement('button');
  remove.type = 'button';
  remove.className = 'remove-destination';
  remove.textContent = 'Remove';
  remove.addEventListener('click', () => {
    const next = /** @type {HTMLElement | null} */ (row.nextElementSibling || row.previousElementSibling);
    row.remove();
    numberDestinations();
    render();
    next?.querySelector('input')?.focus();
  });
  row.append(input, remove);
  ui.destinations.append(row);
  numberDestinations();
  render();
  return input;
}

/** Ids, names and labels follow the position: #rtmp, #rtmp-2, … */
function numberDestinations() {
  ui.destinations.querySelectorAll('li.destination-row').forEach((row, index) => {
    const li = /** @type {HTMLLIElement} */ (row);
    li.dataset.index = String(index);
    const input = /** @type {HTMLInputElement} */ (li.querySelector('input'));
    if (index > 0) {
      input.id = `rtmp-${index + 1}`;
      input.name = input.id;
      input.setAttribute('aria-label', `RTMP URL ${index + 1}`);
      li.querySelector('button')?.setAttribute('aria-label', `Remove destination ${index + 1}`);
    }
  });
}

/**
 * What the client sends: a string for one destination, a list for several (docs/protocol.md).
 * @returns {string | string[]}
 */
function rtmpOption() {
  const urls = destinationInputs().map((input) => input.value.trim());
  return urls.length === 1 ? urls[0] : urls;
}

/**
 * @param {number} count
 * @param {string} one
 * @param {string} many
 */
function plural(count, one, many) {
  return `${numberFormat.format(count)} ${count === 1 ? one : many}`;
}

/** @param {number} index */
function createBadge(index) {
  const badge = document.createElement('li');
  badge.className = 'destination-badge';
  badge.dataset.index = String(index);
  badge.innerHTML = '<span class="destination-dot" aria-hidden="true"></span>'
    + '<span class="destination-name"></span> <span class="destination-state"></span>'
    + '<span class="destination-url mono"></span>'
    + '<span class="destination-numbers"><span class="destination-bitrate"></span> · '
    + '<span class="destination-reconnects"></span> · <span class="destination-skipped"></span></span>'
    + '<span class="destination-error"></span>';
  return badge;
}

/**
 * @param {HTMLLIElement} badge
 * @param {DestinationStatus} destination
 */
function fillBadge(badge, destination) {
  const part = (/** @type {string} */ name) => /** @type {HTMLElement} */ (badge.querySelector(`.destination-${name}`));
  badge.dataset.state = destination.state;
  part('name').textContent = `#${destination.index + 1}`;
  part('state').textContent = destination.state;
  part('url').textContent = destination.url;
  show(part('bitrate'), destination.bitrateKbps, formatBitrate(destination.bitrateKbps * 1000));
  show(part('reconnects'), destination.reconnects, plural(destination.reconnects, 'reconnect', 'reconnects'));
  show(part('skipped'), destination.skippedBytes, `${formatBytes(destination.skippedBytes)} skipped`);
  const error = destination.error;
  const errorPart = part('error');
  errorPart.textContent = error ? error.message || error.name : '';
  if (error && error.name) {
    errorPart.dataset.name = error.name;
  } else {
    delete errorPart.dataset.name;
  }
  const meaning = /** @type {Record<string, string>} */ (DESTINATION_STATES)[destination.state] || destination.state;
  badge.title = `Destination ${destination.index + 1}: ${meaning}`
    + (error ? `\nLast error: ${error.message || ''} (${error.name})` : '');
}

/** @param {readonly DestinationStatus[]} destinations the client's latest, from its destinations event */
function renderBadges(destinations) {
  const seen = new Set();
  /** @type {ChildNode | null} */
  let previous = null;
  for (const destination of [...destinations].sort((a, b) => a.index - b.index)) {
    seen.add(destination.index);
    let badge = badges.get(destination.index);
    if (!badge) {
      badge = createBadge(destination.index);
      badges.set(destination.index, badge);
    }
    fillBadge(badge, destination);
    // Badges only move when the order changed, so the one under the pointer keeps its tooltip.
    /** @type {ChildNode | null} */
    const expectedPlace = previous ? previous.nextSibling : ui.destinationBadges.firstChild;
    if (expectedPlace !== badge) {
      ui.destinationBadges.insertBefore(badge, expectedPlace);
    }
    previous = badge;
  }
  for (const [index, badge] of badges) {
    if (!seen.has(index)) {
      badge.remove();
      badges.delete(index);
    }
  }
  ui.destinationStatus.hidden = badges.size === 0;
}

// ---- media -----------------------------------------------------------------------------------------------

/** @returns {Source} */
function selectedSource() {
  return ui.sourceScreen.checked ? 'screen' : 'camera';
}

/** @param {MediaStream | null} stream */
function hasLiveVideo(stream) {
  return !!stream && stream.getVideoTracks().some((track) => track.readyState === 'live');
}

/**
 * @param {string} name
 * @param {string} message
 */
function namedError(name, message) {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * @param {Source} source
 * @param {boolean} withAudio
 * @returns {Promise<MediaStream>}
 */
function capture(source, withAudio) {
  const devices = navigator.mediaDevices;
  const frameRate = { ideal: Number(ui.framerate.value) || 30 };
  if (source === 'screen') {
    if (!devices || typeof devices.getDisplayMedia !== 'function') {
      return Promise.reject(namedError('NO_MEDIA_DEVICES', 'getDisplayMedia is not available'));
    }
    return devices.getDisplayMedia({ video: { frameRate }, audio: withAudio });
  }
  if (!devices || typeof devices.getUserMedia !== 'function') {
    return Promise.reject(namedError('NO_MEDIA_DEVICES', 'getUserMedia is not available'));
  }
  return devices.getUserMedia({ video: { width: { ideal: 1280 }, height: { ideal: 720 }, frameRate }, audio: withAudio });
}

/**
 * Asks for the camera or the screen and shows it in the preview.
 * @param {Source} source
 */
async function acquire(source) {
  const withAudio = ui.audio.checked;
  let stream;
  let note = '';
  try {
    stream = await capture(source, withAudio);
  } catch (error) {
    const name = /** @type {Error} */ (error).name;
    // A missing or busy microphone should not prevent streaming the camera.
    if (!(withAudio && source === 'camera' && (name === 'NotFoundError' || name === 'NotReadableError'))) {
      throw error;
    }
    stream = await capture(source, false);
    note = ' No microphone could be used, so the stream has no sound.';
  }
  useMedia(stream, source, note);
}

/**
 * @param {MediaStream} stream
 * @param {Source} source
 * @param {string} note
 */
function useMedia(stream, source, note) {
  releaseMedia();
  media = stream;
  ui.preview.srcObject = stream;
  ui.preview.parentElement?.classList.add('has-media');
  const video = stream.getVideoTracks()[0];
  const settings = video ? video.getSettings() : {};
  const size = settings.width && settings.height ? ` ${settings.width}×${settings.height}` : '';
  const sound = stream.getAudioTracks().length > 0 ? 'with sound' : 'without sound';
  ui.sourceInfo.textContent = `${source === 'screen' ? 'Screen' : 'Camera'}${size}, ${sound}.${note}`;
  if (video) {
    video.addEventListener('ended', () => {
      if (media === stream) {
        ui.sourceInfo.textContent = source === 'screen' ? 'Screen sharing has ended.' : 'The camera was disconnected.';
        if (!client || !STREAMING_STATES.includes(client.state)) {
          releaseMedia();
        }
      }
    });
  }
}

function releaseMedia() {
  if (media) {
    for (const track of media.getTracks()) {
      track.stop();
    }
  }
  media = null;
  ui.preview.srcObject = null;
  ui.preview.parentElement?.classList.remove('has-media');
}

/** @param {Source} source */
async function switchSource(source) {
  busy = true;
  render();
  clearError();
  try {
    await acquire(source);
  } catch (error) {
    showError(/** @type {Error} */ (error));
  } finally {
    busy = false;
    render();
  }
}

// ---- streaming -------------------------------------------------------------------------------------------

/** @returns {import('./browser-to-rtmp-client').BrowserToRtmpClientOptions} */
function clientOptions() {
  const kbps = Number(ui.videoBitrate.value);
  return {
    rtmp: rtmpOption(),
    framerate: ui.framerate.value ? Number(ui.framerate.value) : undefined,
    videoBitsPerSecond: ui.videoBitrate.value && Number.isFinite(kbps) ? Math.round(kbps * 1000) : undefined,
    mimeType: ui.mimeType.value || undefined,
  };
}

/** @param {Client} c */
function listen(c) {
  // A previous client may still report its end after a new one took over: only the current one is shown.
  const current = () => c === client;
  c.on('state', () => render());
  c.on('started', ({ id, mode }) => {
    show(ui.mode, mode, mode);
    ui.modeDetail.textContent = describeMode(mode);
    show(ui.streamId, id, id);
    show(ui.mime, c.mimeType, c.mimeType);
  });
  c.on('progress', (progress) => {
    if (!current()) return;
    if (typeof progress.frames === 'number') show(ui.frames, progress.frames, numberFormat.format(progress.frames));
    if (typeof progress.fps === 'number') show(ui.fps, progress.fps, `${decimalFormat.format(progress.fps)} fps`);
    if (typeof progress.bitrateKbps === 'number') show(ui.bitrate, progress.bitrateKbps, formatBitrate(progress.bitrateKbps * 1000));
    if (typeof progress.speed === 'number') show(ui.speed, progress.speed, `${decimalFormat.format(progress.speed)}×`);
    if (typeof progress.outTimeMs === 'number') show(ui.outTime, progress.outTimeMs, formatDuration(progress.outTimeMs / 1000));
  });
  c.on('stats', (stats) => {
    if (!current()) return;
    show(ui.uploadBitrate, stats.uploadBitrate, formatBitrate(stats.uploadBitrate));
    show(ui.bytesSent, stats.bytesSent, formatBytes(stats.bytesSent));
    show(ui.chunksSent, stats.chunksSent, numberFormat.format(stats.chunksSent));
    show(ui.buffered, stats.bufferedAmount, formatBytes(stats.bufferedAmount));
    show(ui.liveTime, stats.liveSeconds, formatDuration(stats.liveSeconds));
    if (stats.bufferedAmount === 0) {
      ui.notice.textContent = '';
    }
  });
  c.on('backpressure', ({ bufferedAmount }) => {
    ui.notice.textContent = `Your upload is falling behind: ${formatBytes(bufferedAmount)} waiting to be sent. A lower video bitrate would help.`;
  });
  c.on('reconnecting', (event) => {
    if (!current()) return;
    if (event.source === 'connection') {
      startResuming(event);
      return;
    }
    const { attempt, maxAttempts, delayMs } = event;
    ui.notice.textContent = `The RTMP server dropped the stream. Reconnecting (try ${attempt} of ${maxAttempts}) in ${Math.round(delayMs / 1000)} s; keep this page open: the stream resumes by itself.`;
  });
  c.on('resumed', ({ gapMs, attempts }) => {
    if (!current()) return;
    const gap = `${decimalFormat.format(gapMs / 1000)} s`;
    endResuming(`Connection resumed after a ${gap} gap`);
    appendLog(`— connection resumed after a ${gap} gap (${plural(attempts, 'attempt', 'attempts')}) —`);
  });
  c.on('state', (state) => {
    if (!current()) return;
    if (state === 'live' && ui.notice.textContent.startsWith('The RTMP server dropped')) {
      ui.notice.textContent = 'Live again.';
    }
    // Resuming ends in resumed (live or paused, said by its own event) or in the end of the stream; any other
    // change, such as the RTMP server's reconnecting, makes an earlier resumed old news.
    if (state === 'reconnecting' ? !resuming : state !== 'live' && state !== 'paused') {
      endResuming();
    }
  });
  c.on('error', (error) => {
    if (current()) showError(error);
  });
  c.on('destinations', (destinations) => {
    if (current()) renderBadges(destinations);
  });
  c.on('ffmpegOutput', (line) => appendLog(line));
  c.on('destroyed', () => appendLog('— the server has ended the stream —'));
}

async function onStart() {
  if (client && (client.state === 'paused' || (client.state === 'reconnecting' && client.paused))) {
    client.start().catch(() => {});
    render(); // reconnecting stays reconnecting: no state event tells the page that the recorder resumed
    return;
  }
  // Only emptiness is checked here: the server is the judge of a URL, and says why it refuses one.
  const empty = destinationInputs().find((input) => !input.value.trim());
  if (empty) {
    empty.setAttribute('aria-invalid', 'true');
    showError({ name: empty === ui.rtmp ? 'RTMP_URL_MISSING' : 'DESTINATION_EMPTY', message: '', fatal: true });
    empty.focus();
    return;
  }
  clearError();
  resetStatus();
  busy = true;
  render();
  try {
    if (!hasLiveVideo(media)) {
      await acquire(selectedSource());
    }
    const created = new BrowserToRtmpClient(/** @type {MediaStream} */ (media), clientOptions());
    listen(created);
    client = created;
  } catch (error) {
    showError(/** @type {Error} */ (error));
    return;
  } finally {
    busy = false;
    render();
  }
  const started = client;
  // Failures are shown through the error event; the rejection itself needs no further handling.
  started.start().catch(() => {});
  show(ui.mime, started.mimeType, started.mimeType);
}

async function onStop() {
  if (client) {
    await client.stop();
  }
  render();
}

// ---- setup -----------------------------------------------------------------------------------------------

function fillFormats() {
  const recorder = globalThis.MediaRecorder;
  const automatic = BrowserToRtmpClient.pickMimeType();
  ui.mimeType.options[0].textContent = automatic ? `Automatic (${automatic})` : 'Automatic';
  const seen = new Set();
  for (const type of [...BrowserToRtmpClient.MIME_TYPES, ...BrowserToRtmpClient.VIDEO_ONLY_MIME_TYPES]) {
    if (!seen.has(type) && recorder && recorder.isTypeSupported(type)) {
      seen.add(type);
      ui.mimeType.add(new Option(type, type));
    }
  }
}

/**
 * Prefills from the query string (rtmp, repeated for several destinations, framerate, videoBitrate in kbit/s,
 * mimeType, source, audio), else the first destination from the server's defaults.
 */
function prefill() {
  const params = new URLSearchParams(location.search);
  const framerate = params.get('framerate');
  const videoBitrate = params.get('videoBitrate');
  const mimeType = params.get('mimeType');
  if (framerate) ui.framerate.value = framerate;
  if (videoBitrate) ui.videoBitrate.value = videoBitrate;
  if (mimeType) {
    if (![...ui.mimeType.options].some((option) => option.value === mimeType)) {
      // Kept even if unsupported, so that choosing it shows what the browser says.
      ui.mimeType.add(new Option(mimeType, mimeType));
    }
    ui.mimeType.value = mimeType;
  }
  if (params.get('source') === 'screen') ui.sourceScreen.checked = true;
  if (params.get('audio') === '0' || params.get('audio') === 'false') ui.audio.checked = false;
  const rtmp = params.getAll('rtmp').filter((url) => url);
  if (rtmp.length > 0) {
    ui.rtmp.value = rtmp[0];
    for (const url of rtmp.slice(1)) addDestinationField(url);
    return;
  }
  fetch('./api/demo-defaults', { headers: { Accept: 'application/json' }, cache: 'no-store' })
    .then((response) => (response.status === 200 ? response.json() : null))
    .then((defaults) => {
      if (defaults && typeof defaults.rtmp === 'string' && !ui.rtmp.value) {
        ui.rtmp.value = defaults.rtmp;
      }
    })
    .catch(() => {
      // No defaults on this server: the field stays empty.
    });
}

function init() {
  fillFormats();
  prefill();
  watchArrival();
  ui.form.addEventListener('submit', (event) => {
    event.preventDefault();
    onStart();
  });
  ui.pause.addEventListener('click', () => {
    if (client) {
      client.pause();
      render(); // a pause while reconnecting changes no state, only client.paused
    }
  });
  ui.stop.addEventListener('click', () => {
    onStop();
  });
  for (const radio of [ui.sourceCamera, ui.sourceScreen]) {
    radio.addEventListener('change', () => {
      if (radio.checked) switchSource(selectedSource());
    });
  }
  ui.audio.addEventListener('change', () => {
    if (media) switchSource(selectedSource());
  });
  ui.destinations.addEventListener('input', (event) => /** @type {HTMLElement} */ (event.target).removeAttribute('aria-invalid'));
  ui.maxDestinations.textContent = String(MAX_DESTINATIONS);
  ui.addDestination.addEventListener('click', () => addDestinationField()?.focus());
  window.addEventListener('pagehide', () => {
    if (client) client.stop();
    releaseMedia();
  });
  render();
}

init();

// For the browser tests and for curious developers: read-only access to what the page uses.
Object.defineProperty(window, 'liveRelayDemo', {
  value: Object.freeze({
    get client() { return client; },
    get media() { return media; },
    BrowserToRtmpClient,
  }),
});
