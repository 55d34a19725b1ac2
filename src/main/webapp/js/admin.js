/*
 * The admin page: every node's connections from GET api/admin/cluster (docs/admin-api.md; on a node without a
 * cluster store, this node's), refreshed every 2 s, each with the node that runs it and a stop button that sends
 * DELETE, which reaches that node. Under a connection, a row lists its RTMP destinations; each destination of a
 * live stream with several has its own stop button, for this node's streams. Ids, classes and data-* attributes
 * are stable: the browser tests read them. Requests carry the browser's own sign-in for this page (HTTP Basic by
 * default).
 */

/**
 * @typedef {object} Ffmpeg
 * @property {string} status CREATED, RUNNING, ENDING or ENDED
 * @property {string} [mode] copy or transcode
 * @property {string} [mimeType]
 * @property {number} [framesSent]
 * @property {number} [lastFrameSentTime] epoch ms
 * @property {number} [fps]
 * @property {number} [bitrateKbps]
 * @property {number} [pid]
 * @property {string} [startedAt] ISO instant
 * @property {number} [bytesReceived]
 * @property {{rtmp?: string | string[], framerate?: number, audioSampleRate?: number, audioBitsPerSecond?: number, videoBitsPerSecond?: number}} [options]
 */
/**
 * @typedef {object} Destination one RTMP destination of a stream (docs/admin-api.md)
 * @property {number} index its position in the stream's rtmp list
 * @property {string} url masked
 * @property {string} state connecting, live, reconnecting, failed, stopped or ended
 * @property {number} [bytes]
 * @property {number} [bitrateKbps]
 * @property {number} [reconnects]
 * @property {number} [skippedBytes]
 * @property {{name?: string, message?: string} | null} [error] its last error
 */
/**
 * @typedef {object} Connection
 * @property {string} uuid
 * @property {string} [node] the relay node that runs it
 * @property {string} [remoteAddress]
 * @property {string} [openedAt] ISO instant
 * @property {Ffmpeg} [ffmpeg]
 * @property {Destination[]} [destinations]
 * @property {boolean} [detached] the browser's connection is lost and the stream waits for it to resume
 * @property {string | null} [resumeDeadline] ISO instant when a detached stream ends unless resumed
 */
/** @typedef {'loading'|'ok'|'unauthorized'|'forbidden'|'unavailable'|'offline'|'error'} PageStatus */

const REFRESH_MS = 2000;
const CONFIRM_MS = 5000;
/** No new frame for this long while RUNNING is worth a word in the table. */
const STALLED_MS = 5000;

/** What each answer means for the operator; the HTTP status is kept in #status's data-code. */
const STATUS_TEXT = Object.freeze({
  unauthorized: 'Not signed in (401). This page is for the relay’s administrators: reload it and sign in with a user in the role relay-admin.',
  forbidden: 'Not allowed (403). You are signed in, but not as a relay administrator: the user needs the role relay-admin.',
  unavailable: 'This server has no admin API (404). Is this a LiveRelay server of a version with docs/admin-api.md?',
  offline: 'The relay server cannot be reached. Trying again every 2 seconds.',
});

/**
 * @template {HTMLElement} T
 * @param {string} id
 * @returns {T}
 */
function byId(id) {
  const element = document.getElementById(id);
  if (!element) {
    throw new Error(`admin: missing element #${id}`);
  }
  return /** @type {T} */ (element);
}

const ui = {
  status: byId('status'),
  rows: /** @type {HTMLTableSectionElement} */ (byId('stream-rows')),
  empty: byId('empty'),
  updated: byId('updated'),
  active: byId('summary-active'),
  connections: byId('summary-connections'),
  processes: byId('summary-processes'),
  bytes: byId('summary-bytes'),
  uptime: byId('summary-uptime'),
  ffmpeg: byId('summary-ffmpeg'),
};

/** @type {Map<string, HTMLTableRowElement>} rows by connection uuid, updated in place so focus and clicks survive a refresh */
const rows = new Map();
/** @type {Map<string, {phase: 'confirm' | 'stopping', timer?: ReturnType<typeof setTimeout>}>} */
const stops = new Map();
/** @type {Map<string, HTMLTableRowElement>} the destinations row under a connection's row, by connection uuid */
const destinationRows = new Map();
/** @type {Map<string, {phase: 'confirm' | 'stopping', timer?: ReturnType<typeof setTimeout>}>} by destinationKey() */
const destinationStops = new Map();
/** @type {Map<string, {text: string, until: number}>} what became of a destination's stop, by destinationKey() */
const destinationNotes = new Map();
/** The node that answered the last cluster read: a destination can be stopped only through the node that runs it. */
let localNode = '';
/** @type {ReturnType<typeof setTimeout> | null} */
let refreshTimer = null;
/** What became of the last stop, shown for a while instead of the counts; a refused one keeps status error. */
let stopNote = { text: '', until: 0, status: /** @type {PageStatus} */ ('ok') };
const STOP_NOTE_MS = 10000;

const numberFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
const decimalFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
const timeFormat = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit', second: '2-digit' });

// ---- formatting ------------------------------------------------------------------------------------------

/** @param {number} bytes */
function formatBytes(bytes) {
  if (bytes < 1024) return `${numberFormat.format(bytes)} B`;
  if (bytes < 1024 * 1024) return `${decimalFormat.format(bytes / 1024)} KiB`;
  if (bytes < 1024 * 1024 * 1024) return `${decimalFormat.format(bytes / 1048576)} MiB`;
  return `${decimalFormat.format(bytes / 1073741824)} GiB`;
}

/** @param {number} seconds */
function formatDuration(seconds) {
  const total = Math.max(0, Math.floor(seconds));
  const d = Math.floor(total / 86400);
  const h = Math.floor((total % 86400) / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  if (d > 0) return `${d} d ${h}:${String(m).padStart(2, '0')}:${s}`;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/**
 * @param {HTMLElement} element
 * @param {number | string | null | undefined} raw machine-readable value, kept in data-value
 * @param {string} [text] what a person reads; the raw value when absent
 */
function show(element, raw, text) {
  if (raw === null || raw === undefined || raw === '') {
    delete element.dataset.value;
    element.textContent = '–';
  } else {
    element.dataset.value = String(raw);
    element.textContent = text === undefined ? String(raw) : text;
  }
}

/**
 * A same-origin URL of the API. Credentials in the page's own address (http://user:pass@…) are dropped:
 * fetch refuses URLs that carry them, and the browser already signs the requests in.
 * @param {string} path relative to the page, e.g. 'api/admin/connections'
 */
function apiUrl(path) {
  const url = new URL(path, location.href);
  url.username = '';
  url.password = '';
  return url.href;
}

// ---- status line -----------------------------------------------------------------------------------------

/**
 * @param {PageStatus} status
 * @param {number | null} code the HTTP status, when there was an answer
 * @param {string} [text]
 */
function setStatus(status, code, text) {
  document.body.dataset.status = status;
  ui.status.dataset.status = status;
  if (code === null) {
    delete ui.status.dataset.code;
  } else {
    ui.status.dataset.code = String(code);
  }
  ui.status.textContent = text || /** @type {Record<string, string>} */ (STATUS_TEXT)[status] || '';
}

/** @param {Response} response */
function statusOf(response) {
  if (response.status === 401) return 'unauthorized';
  if (response.status === 403) return 'forbidden';
  if (response.status === 404) return 'unavailable';
  return 'error';
}

/** @param {Response} response */
function describeFailure(response) {
  const status = statusOf(response);
  const text = status === 'error' ? `The server answered ${response.status} ${response.statusText}. Trying again every 2 seconds.` : undefined;
  setStatus(status, response.status, text);
  if (status !== 'error') {
    // Nothing this user may see is left on screen.
    clearRows();
  }
}

// ---- the table -------------------------------------------------------------------------------------------

const COLUMNS = ['uuid', 'node', 'remote', 'state', 'video', 'frames', 'fps', 'bitrate', 'uptime', 'received', 'destination', 'actions'];
const NUMERIC = new Set(['frames', 'fps', 'bitrate', 'uptime', 'received']);

/** @param {string} uuid */
function createRow(uuid) {
  const row = document.createElement('tr');
  row.dataset.uuid = uuid;
  for (const column of COLUMNS) {
    const cell = document.createElement(column === 'uuid' ? 'th' : 'td');
    if (column === 'uuid') cell.scope = 'row';
    cell.className = column + (NUMERIC.has(column) ? ' num' : '');
    row.append(cell);
  }
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'stop';
  button.addEventListener('click', () => onStopClick(uuid));
  /** @type {HTMLElement} */ (row.querySelector('.actions')).append(button);
  return row;
}

/**
 * @param {HTMLTableRowElement} row
 * @param {string} column
 * @returns {HTMLElement}
 */
function cell(row, column) {
  return /** @type {HTMLElement} */ (row.querySelector(`.${column}`));
}

/**
 * @param {HTMLTableRowElement} row
 * @param {Connection} connection
 * @param {number} now epoch ms
 */
function fillRow(row, connection, now) {
  const ffmpeg = connection.ffmpeg;
  const uuidCell = cell(row, 'uuid');
  show(uuidCell, connection.uuid, connection.uuid.slice(0, 8));
  uuidCell.title = connection.uuid;
  show(cell(row, 'node'), connection.node);
  show(cell(row, 'remote'), connection.remoteAddress);

  const state = ffmpeg ? ffmpeg.status : 'CONNECTED';
  const stateCell = cell(row, 'state');
  show(stateCell, state, ffmpeg ? state.toLowerCase() : 'waiting for start');
  stateCell.dataset.state = state;
  const stalled = ffmpeg && ffmpeg.status === 'RUNNING' && typeof ffmpeg.lastFrameSentTime === 'number'
    && now - ffmpeg.lastFrameSentTime > STALLED_MS;
  const detached = connection.detached === true;
  row.dataset.detached = String(detached);
  if (detached) {
    stateCell.append(detachedNote(connection.resumeDeadline, now));
  } else if (stalled) {
    // A detached stream receives nothing by design: its deadline says more than its missing frames.
    const note = document.createElement('span');
    note.className = 'detail';
    note.textContent = `no new frame for ${formatDuration((now - /** @type {number} */ (ffmpeg.lastFrameSentTime)) / 1000)}`;
    stateCell.append(note);
  }

  const video = cell(row, 'video');
  show(video, ffmpeg && ffmpeg.mode, ffmpeg && ffmpeg.mode);
  if (ffmpeg && ffmpeg.mimeType) {
    const detail = document.createElement('span');
    detail.className = 'detail mono';
    detail.textContent = ffmpeg.mimeType;
    video.append(detail);
  }

  const frames = ffmpeg && typeof ffmpeg.framesSent === 'number' ? ffmpeg.framesSent : null;
  show(cell(row, 'frames'), frames, frames === null ? '' : numberFormat.format(frames));
  const fps = ffmpeg && typeof ffmpeg.fps === 'number' ? ffmpeg.fps : null;
  show(cell(row, 'fps'), fps, fps === null ? '' : `${decimalFormat.format(fps)} fps`);
  const kbps = ffmpeg && typeof ffmpeg.bitrateKbps === 'number' ? ffmpeg.bitrateKbps : null;
  show(cell(row, 'bitrate'), kbps, kbps === null ? '' : `${numberFormat.format(kbps)} kbit/s`);

  const since = Date.parse((ffmpeg && ffmpeg.startedAt) || connection.openedAt || '');
  const seconds = Number.isFinite(since) ? Math.max(0, Math.round((now - since) / 1000)) : null;
  show(cell(row, 'uptime'), seconds, seconds === null ? '' : formatDuration(seconds));
  const bytes = ffmpeg && typeof ffmpeg.bytesReceived === 'number' ? ffmpeg.bytesReceived : null;
  show(cell(row, 'received'), bytes, bytes === null ? '' : formatBytes(bytes));

  const options = ffmpeg && ffmpeg.options;
  const destination = cell(row, 'destination');
  const rtmp = options && options.rtmp;
  if (Array.isArray(rtmp)) {
    show(destination, rtmp.join(' '), rtmp.length > 1 ? `${rtmp[0]} (+${rtmp.length - 1})` : rtmp[0]);
  } else {
    show(destination, rtmp);
  }
  destination.classList.add('mono');
  destination.title = options ? describeOptions(options) : '';

  fillStopButton(row, connection.uuid, state);
}

/**
 * What an operator needs to know of a stream whose browser lost its connection: it is kept, but not for long.
 * @param {string | null | undefined} resumeDeadline ISO instant
 * @param {number} now epoch ms
 */
function detachedNote(resumeDeadline, now) {
  const note = document.createElement('span');
  note.className = 'detail detached';
  const deadline = Date.parse(resumeDeadline || '');
  if (Number.isFinite(deadline)) {
    note.dataset.deadline = String(deadline);
    const left = Math.max(0, Math.round((deadline - now) / 1000));
    note.textContent = `detached, ends at ${timeFormat.format(new Date(deadline))} (in ${formatDuration(left)}) unless the browser resumes`;
  } else {
    note.textContent = 'detached, ends soon unless the browser resumes';
  }
  note.title = 'The browser’s connection was lost. The stream keeps its ffmpeg and its destinations, which receive nothing meanwhile, until the browser resumes it on a new connection or the grace period ends.';
  return note;
}

/** @param {NonNullable<Ffmpeg['options']>} options */
function describeOptions(options) {
  const parts = [];
  if (options.framerate) parts.push(`${options.framerate} fps`);
  if (options.videoBitsPerSecond) parts.push(`video ${numberFormat.format(options.videoBitsPerSecond / 1000)} kbit/s`);
  if (options.audioBitsPerSecond) parts.push(`audio ${numberFormat.format(options.audioBitsPerSecond / 1000)} kbit/s`);
  if (options.audioSampleRate) parts.push(`${numberFormat.format(options.audioSampleRate)} Hz`);
  return parts.join(', ');
}

/**
 * @param {HTMLTableRowElement} row
 * @param {string} uuid
 * @param {string} state
 */
function fillStopButton(row, uuid, state) {
  const button = /** @type {HTMLButtonElement} */ (row.querySelector('button.stop'));
  const stop = stops.get(uuid);
  const ended = state === 'ENDING' || state === 'ENDED';
  button.classList.toggle('confirm', !!stop && stop.phase === 'confirm');
  if (stop && stop.phase === 'stopping') {
    button.textContent = 'Stopping…';
    button.disabled = true;
  } else if (stop && stop.phase === 'confirm') {
    button.textContent = 'Confirm stop';
    button.disabled = false;
  } else {
    button.textContent = 'Stop';
    button.disabled = ended;
  }
  const id = /** @type {HTMLElement} */ (row.querySelector('.uuid')).textContent;
  button.setAttribute('aria-label', `${button.textContent} stream ${id}`);
}

// ---- destinations ----------------------------------------------------------------------------------------

const STREAM_COLUMNS = COLUMNS.length;
/** A destination in these states publishes nothing more: there is nothing to stop. */
const DESTINATION_DONE = new Set(['failed', 'stopped', 'ended']);

/**
 * @param {string} uuid
 * @param {number} index
 */
function destinationKey(uuid, index) {
  return `${uuid}/${index}`;
}

/** @param {Connection} connection */
function destinationsOf(connection) {
  const list = Array.isArray(connection.destinations) ? connection.destinations
    : connection.ffmpeg && Array.isArray(/** @type {any} */ (connection.ffmpeg).destinations) ? /** @type {any} */ (connection.ffmpeg).destinations
      : [];
  return /** @type {Destination[]} */ (list.filter((/** @type {any} */ d) => d && typeof d.index === 'number'));
}

/** @param {string} uuid */
function createDestinationsRow(uuid) {
  const row = document.createElement('tr');
  row.className = 'destinations-row';
  row.dataset.destinationsOf = uuid;
  const td = document.createElement('td');
  td.colSpan = STREAM_COLUMNS;
  const list = document.createElement('ul');
  list.className = 'destination-list';
  list.setAttribute('aria-label', `Destinations of stream ${uuid.slice(0, 8)}`);
  td.append(list);
  row.append(td);
  return row;
}

/**
 * @param {string} uuid
 * @param {number} index
 */
function createDestinationItem(uuid, index) {
  const item = document.createElement('li');
  item.className = 'destination-item';
  item.dataset.index = String(index);
  for (const part of ['name', 'state', 'url', 'bitrate', 'reconnects', 'skipped', 'error', 'note']) {
    const span = document.createElement('span');
    span.className = `destination-${part}` + (part === 'url' ? ' mono' : '');
    item.append(span);
  }
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'stop-destination';
  button.addEventListener('click', () => onDestinationStopClick(uuid, index));
  item.append(button);
  return item;
}

/**
 * The destinations row under a connection's row, filled; null when the connection reports none.
 * @param {Connection} connection
 * @param {string} state the stream's state, as in the state column
 * @returns {HTMLTableRowElement | null}
 */
function fillDestinations(connection, state) {
  const uuid = connection.uuid;
  const destinations = destinationsOf(connection);
  let row = destinationRows.get(uuid);
  if (destinations.length === 0) {
    if (row) {
      row.remove();
      destinationRows.delete(uuid);
    }
    return null;
  }
  if (!row) {
    row = createDestinationsRow(uuid);
    destinationRows.set(uuid, row);
  }
  const list = /** @type {HTMLUListElement} */ (row.querySelector('ul'));
  const streamLive = state === 'RUNNING' || state === 'RECONNECTING';
  const running = destinations.filter((d) => !DESTINATION_DONE.has(d.state)).length;
  const elsewhere = !!connection.node && !!localNode && connection.node !== localNode;
  const seen = new Set();
  /** @type {ChildNode | null} */
  let previous = null;
  for (const destination of [...destinations].sort((a, b) => a.index - b.index)) {
    seen.add(String(destination.index));
    let item = /** @type {HTMLLIElement | null} */ (list.querySelector(`li[data-index="${destination.index}"]`));
    if (!item) {
      item = createDestinationItem(uuid, destination.index);
    }
    fillDestinationItem(item, uuid, destination);
    const button = /** @type {HTMLButtonElement} */ (item.querySelector('button.stop-destination'));
    // Only a stream with several destinations offers to stop one: a single one is stopped with its stream.
    button.hidden = !(streamLive && destinations.length > 1);
    fillDestinationStop(button, uuid, destination, running, elsewhere ? connection.node || '' : '');
    /** @type {ChildNode | null} */
    const expectedPlace = previous ? previous.nextSibling : list.firstChild;
    if (expectedPlace !== item) {
      list.insertBefore(item, expectedPlace);
    }
    previous = item;
  }
  for (const item of Array.from(list.children)) {
    const index = /** @type {HTMLElement} */ (item).dataset.index || '';
    if (!seen.has(index)) {
      item.remove();
      forgetDestinationStop(destinationKey(uuid, Number(index)));
    }
  }
  return row;
}

/**
 * @param {HTMLLIElement} item
 * @param {string} uuid
 * @param {Destination} destination
 */
function fillDestinationItem(item, uuid, destination) {
  const part = (/** @type {string} */ name) => /** @type {HTMLElement} */ (item.querySelector(`.destination-${name}`));
  item.dataset.state = destination.state;
  part('name').textContent = `#${destination.index + 1}`;
  show(part('state'), destination.state);
  show(part('url'), destination.url);
  const kbps = typeof destination.bitrateKbps === 'number' ? destination.bitrateKbps : null;
  show(part('bitrate'), kbps, kbps === null ? '' : `${numberFormat.format(kbps)} kbit/s`);
  const reconnects = typeof destination.reconnects === 'number' ? destination.reconnects : null;
  show(part('reconnects'), reconnects, reconnects === null ? '' : `${numberFormat.format(reconnects)} ${reconnects === 1 ? 'reconnect' : 'reconnects'}`);
  const skipped = typeof destination.skippedBytes === 'number' ? destination.skippedBytes : null;
  show(part('skipped'), skipped, skipped === null ? '' : `${formatBytes(skipped)} skipped`);
  const error = destination.error;
  const errorPart = part('error');
  errorPart.textContent = error ? `${error.message || ''}${error.name ? ` (${error.name})` : ''}` : '';
  if (error && error.name) {
    errorPart.dataset.name = error.name;
  } else {
    delete errorPart.dataset.name;
  }
  const key = destinationKey(uuid, destination.index);
  const note = destinationNotes.get(key);
  if (note && Date.now() >= note.until) {
    destinationNotes.delete(key);
  }
  part('note').textContent = note && Date.now() < note.until ? note.text : '';
}

/**
 * @param {HTMLButtonElement} button
 * @param {string} uuid
 * @param {Destination} destination
 * @param {number} running destinations of the stream still publishing
 * @param {string} otherNode the node that runs the stream when it is not the one that answered, else ''
 */
function fillDestinationStop(button, uuid, destination, running, otherNode) {
  const stop = destinationStops.get(destinationKey(uuid, destination.index));
  const done = DESTINATION_DONE.has(destination.state);
  button.classList.toggle('confirm', !!stop && stop.phase === 'confirm');
  button.title = '';
  if (stop && stop.phase === 'stopping') {
    button.textContent = 'Stopping…';
    button.disabled = true;
  } else if (stop && stop.phase === 'confirm') {
    button.textContent = 'Confirm stop';
    button.disabled = false;
  } else {
    button.textContent = 'Stop';
    button.disabled = done || !!otherNode;
    if (otherNode) {
      button.title = `This stream runs on ${otherNode}: stop its destinations from that node’s admin page.`;
    } else if (!done && running <= 1) {
      // Still offered: the server is the judge, and says why it refuses (409).
      button.title = 'The last destination still running: stopping it would end the stream.';
    }
  }
  button.setAttribute('aria-label', `${button.textContent} destination ${destination.index + 1} of stream ${uuid.slice(0, 8)}`);
}

/** @param {string} key */
function forgetDestinationStop(key) {
  const stop = destinationStops.get(key);
  if (stop && stop.timer) clearTimeout(stop.timer);
  destinationStops.delete(key);
  destinationNotes.delete(key);
}

/**
 * First click asks to confirm, the second within 5 s sends DELETE, as for a stream.
 * @param {string} uuid
 * @param {number} index
 */
function onDestinationStopClick(uuid, index) {
  const key = destinationKey(uuid, index);
  const stop = destinationStops.get(key);
  if (!stop) {
    const timer = setTimeout(() => {
      if (destinationStops.get(key)?.phase === 'confirm') {
        destinationStops.delete(key);
        refillDestinationButton(uuid, index);
      }
    }, CONFIRM_MS);
    destinationStops.set(key, { phase: 'confirm', timer });
    refillDestinationButton(uuid, index);
    return;
  }
  if (stop.phase !== 'confirm') return;
  clearTimeout(stop.timer);
  destinationStops.set(key, { phase: 'stopping' });
  refillDestinationButton(uuid, index);
  sendDestinationStop(uuid, index);
}

/**
 * The button's look follows destinationStops at once, without waiting for the next refresh.
 * @param {string} uuid
 * @param {number} index
 */
function refillDestinationButton(uuid, index) {
  const row = destinationRows.get(uuid);
  const item = row && row.querySelector(`li[data-index="${index}"]`);
  const button = item && /** @type {HTMLButtonElement | null} */ (item.querySelector('button.stop-destination'));
  if (!item || !button) return;
  const state = /** @type {HTMLElement} */ (item).dataset.state || '';
  const running = Array.from(/** @type {HTMLTableRowElement} */ (row).querySelectorAll('li.destination-item'))
    .filter((other) => !DESTINATION_DONE.has(/** @type {HTMLElement} */ (other).dataset.state || '')).length;
  fillDestinationStop(button, uuid, { index, url: '', state }, running, '');
}

/**
 * The server's reason, from a JSON body ({"message"} or {"error": {"message"}}) or a short plain text one.
 * @param {Response} response
 * @returns {Promise<string>}
 */
async function reasonOf(response) {
  let text = '';
  try {
    text = (await response.text()).trim();
  } catch (ignored) {
    return '';
  }
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object') {
      const error = body.error;
      const message = typeof body.message === 'string' ? body.message
        : error && typeof error === 'object' && typeof error.message === 'string' ? error.message
          : typeof error === 'string' ? error : '';
      return message.slice(0, 500);
    }
  } catch (ignored) {
    // Not JSON: plain text, unless it is an error page.
  }
  return text.startsWith('<') ? '' : text.slice(0, 500);
}

/**
 * @param {string} uuid
 * @param {number} index
 */
async function sendDestinationStop(uuid, index) {
  const key = destinationKey(uuid, index);
  const name = `Destination ${index + 1} of stream ${uuid.slice(0, 8)}`;
  let response;
  try {
    // the cluster's path, so that a destination of a stream on another node can be stopped too
    response = await fetch(apiUrl(`api/admin/cluster/streams/${encodeURIComponent(uuid)}/destinations/${index}`), {
      method: 'DELETE',
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    destinationStops.delete(key);
    setStatus('offline', null);
    return;
  }
  let text;
  let status = /** @type {PageStatus} */ ('ok');
  if (response.status === 204) {
    text = `${name} is stopping; the stream goes on to its other destinations.`;
  } else if (response.status === 202) {
    const node = rows.get(uuid) ? cell(/** @type {HTMLTableRowElement} */ (rows.get(uuid)), 'node').textContent : 'its node';
    text = `${name} runs on ${node}, which was asked to stop it: it does within a second or two, unless it is the last one still running.`;
  } else if (response.status === 503) {
    destinationStops.delete(key);
    setStatus('error', 503, `${name} runs on another node and the cluster store does not answer: open the admin page of that node to stop it.`);
    return;
  } else if (response.status === 404) {
    text = `${name} is not known to the cluster: it has ended, or the stream has.`;
  } else if (response.status === 409) {
    const reason = await reasonOf(response);
    text = `${name} was not stopped: ${reason || 'it is the last destination still running; stop the stream instead.'}`;
    status = 'error';
  } else {
    destinationStops.delete(key);
    describeFailure(response);
    return;
  }
  destinationStops.delete(key);
  const until = Date.now() + STOP_NOTE_MS;
  destinationNotes.set(key, { text, until });
  stopNote = { text, until, status };
  setStatus(status, response.status, text);
  refreshSoon(0);
}

/** @param {Connection[]} connections */
function renderRows(connections) {
  const now = Date.now();
  const seen = new Set();
  /** @type {ChildNode | null} */
  let previous = null;
  for (const connection of connections) {
    if (!connection || typeof connection.uuid !== 'string') continue;
    seen.add(connection.uuid);
    let row = rows.get(connection.uuid);
    if (!row) {
      row = createRow(connection.uuid);
      rows.set(connection.uuid, row);
    }
    fillRow(row, connection, now);
    const destinationsRow = fillDestinations(connection, cell(row, 'state').dataset.state || '');
    // Oldest first, as the API lists them, each with its destinations under it; rows only move when the order changed.
    for (const placed of destinationsRow ? [row, destinationsRow] : [row]) {
      /** @type {ChildNode | null} */
      const expectedPlace = previous ? previous.nextSibling : ui.rows.firstChild;
      if (expectedPlace !== placed) {
        ui.rows.insertBefore(placed, expectedPlace);
      }
      previous = placed;
    }
  }
  for (const [uuid, row] of rows) {
    if (!seen.has(uuid)) {
      row.remove();
      rows.delete(uuid);
      const stop = stops.get(uuid);
      if (stop && stop.timer) clearTimeout(stop.timer);
      stops.delete(uuid);
      destinationRows.get(uuid)?.remove();
      destinationRows.delete(uuid);
      for (const key of [...destinationStops.keys(), ...destinationNotes.keys()]) {
        if (key.startsWith(`${uuid}/`)) forgetDestinationStop(key);
      }
    }
  }
  ui.empty.hidden = rows.size > 0;
}

function clearRows() {
  renderRows([]);
  ui.empty.hidden = true;
}

// ---- stopping --------------------------------------------------------------------------------------------

/** First click asks to confirm, the second within 5 s sends DELETE. */
function onStopClick(/** @type {string} */ uuid) {
  const stop = stops.get(uuid);
  const row = rows.get(uuid);
  if (!row) return;
  if (!stop) {
    const timer = setTimeout(() => {
      if (stops.get(uuid)?.phase === 'confirm') {
        stops.delete(uuid);
        const current = rows.get(uuid);
        if (current) fillStopButton(current, uuid, cell(current, 'state').dataset.state || '');
      }
    }, CONFIRM_MS);
    stops.set(uuid, { phase: 'confirm', timer });
    fillStopButton(row, uuid, cell(row, 'state').dataset.state || '');
    return;
  }
  if (stop.phase !== 'confirm') return;
  clearTimeout(stop.timer);
  stops.set(uuid, { phase: 'stopping' });
  fillStopButton(row, uuid, cell(row, 'state').dataset.state || '');
  sendStop(uuid);
}

/** @param {string} uuid */
async function sendStop(uuid) {
  const short = uuid.slice(0, 8);
  let response;
  try {
    response = await fetch(apiUrl(`api/admin/cluster/streams/${encodeURIComponent(uuid)}`), {
      method: 'DELETE',
      credentials: 'same-origin',
      cache: 'no-store',
    });
  } catch (error) {
    stops.delete(uuid);
    setStatus('offline', null);
    return;
  }
  let text;
  if (response.status === 204) {
    text = `Stream ${short} is stopping: its ffmpeg finishes what it received, then the stream ends.`;
  } else if (response.status === 202) {
    const node = rows.get(uuid) ? cell(/** @type {HTMLTableRowElement} */ (rows.get(uuid)), 'node').textContent : 'its node';
    text = `Stream ${short} runs on ${node}, which was asked to stop it: it does within a second or two.`;
  } else if (response.status === 503) {
    stops.delete(uuid);
    setStatus('error', 503, `Stream ${short} runs on another node and the cluster store does not answer: open the admin page of that node to stop it.`);
    return;
  } else if (response.status === 404) {
    text = `Stream ${short} had already ended.`;
  } else {
    stops.delete(uuid);
    describeFailure(response);
    return;
  }
  stopNote = { text, until: Date.now() + STOP_NOTE_MS, status: 'ok' };
  setStatus('ok', response.status, text);
  refreshSoon(0);
}

// ---- refreshing ------------------------------------------------------------------------------------------

/**
 * @param {string} path
 * @returns {Promise<Response>}
 */
function get(path) {
  return fetch(apiUrl(path), { headers: { Accept: 'application/json' }, credentials: 'same-origin', cache: 'no-store' });
}

async function refresh() {
  let response;
  try {
    response = await get('api/admin/cluster');
  } catch (error) {
    setStatus('offline', null);
    return;
  }
  if (!response.ok) {
    describeFailure(response);
    return;
  }
  /** @type {unknown} */
  let body;
  try {
    body = await response.json();
  } catch (error) {
    setStatus('error', response.status, 'The server’s answer was not the JSON this page expects. Trying again every 2 seconds.');
    return;
  }
  const cluster = /** @type {{node?: string, nodes?: string[], stale?: boolean, readAt?: string, streams?: {node: string, status: Connection}[]}} */ (body || {});
  localNode = typeof cluster.node === 'string' ? cluster.node : '';
  const connections = (Array.isArray(cluster.streams) ? cluster.streams : [])
    .filter((entry) => entry && entry.status && typeof entry.status.uuid === 'string')
    .map((entry) => ({ ...entry.status, node: entry.node }))
    .sort((a, b) => Date.parse(a.openedAt || '') - Date.parse(b.openedAt || ''));
  renderRows(connections);
  const live = connections.filter((c) => c && c.ffmpeg && (c.ffmpeg.status === 'RUNNING' || c.ffmpeg.status === 'ENDING')).length;
  const nodes = Array.isArray(cluster.nodes) ? cluster.nodes.length : 1;
  let counts = `${live} live ${live === 1 ? 'stream' : 'streams'}, ${connections.length} ${connections.length === 1 ? 'connection' : 'connections'}`
    + (nodes > 1 ? ` on ${nodes} nodes.` : '.');
  if (cluster.stale) {
    const since = cluster.readAt ? timeFormat.format(new Date(cluster.readAt)) : 'a while';
    counts += ` The cluster store does not answer: other nodes' streams are as of ${since}.`;
  }
  const noted = Date.now() < stopNote.until;
  setStatus(noted ? stopNote.status : 'ok', response.status, noted ? stopNote.text : counts);
  const now = new Date();
  ui.updated.dataset.value = String(now.getTime());
  ui.updated.textContent = `updated ${timeFormat.format(now)}`;
  refreshSummary();
}

async function refreshSummary() {
  try {
    const response = await get('api/admin/summary');
    if (!response.ok) return;
    const summary = await response.json();
    show(ui.active, summary.activeStreams);
    show(ui.connections, summary.connections);
    show(ui.processes, summary.ffmpegProcesses);
    show(ui.bytes, summary.bytesReceived, typeof summary.bytesReceived === 'number' ? formatBytes(summary.bytesReceived) : undefined);
    show(ui.uptime, summary.uptimeSeconds, typeof summary.uptimeSeconds === 'number' ? formatDuration(summary.uptimeSeconds) : undefined);
    show(ui.ffmpeg, summary.ffmpeg);
  } catch (error) {
    // The table is what matters; the summary waits for the next round.
  }
}

/** @param {number} delay ms */
function refreshSoon(delay) {
  if (refreshTimer !== null) clearTimeout(refreshTimer);
  refreshTimer = setTimeout(async () => {
    refreshTimer = null;
    try {
      await refresh();
    } finally {
      // The next round is planned only once this one is done, so slow answers never pile up.
      if (refreshTimer === null) refreshSoon(REFRESH_MS);
    }
  }, delay);
}

refreshSoon(0);
