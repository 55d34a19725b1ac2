/*
 * The admin page: every node's connections from GET api/admin/cluster (docs/admin-api.md; on a node without a
 * cluster store, this node's), refreshed every 2 s, each with the node that runs it and a stop button that sends
 * DELETE, which reaches that node. Ids, classes and data-* attributes are stable: the browser
 * tests read them. Requests carry the browser's own sign-in for this page (HTTP Basic by default).
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
 * @property {{rtmp?: string, framerate?: number, audioSampleRate?: number, audioBitsPerSecond?: number, videoBitsPerSecond?: number}} [options]
 */
/**
 * @typedef {object} Connection
 * @property {string} uuid
 * @property {string} [node] the relay node that runs it
 * @property {string} [remoteAddress]
 * @property {string} [openedAt] ISO instant
 * @property {Ffmpeg} [ffmpeg]
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
/** @type {ReturnType<typeof setTimeout> | null} */
let refreshTimer = null;
/** What became of the last stop, shown for a while instead of the counts. */
let stopNote = { text: '', until: 0 };
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
  if (stalled) {
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
  show(destination, options && options.rtmp);
  destination.classList.add('mono');
  destination.title = options ? describeOptions(options) : '';

  fillStopButton(row, connection.uuid, state);
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

/** @param {Connection[]} connections */
function renderRows(connections) {
  const now = Date.now();
  const seen = new Set();
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
    // Oldest first, as the API lists them; rows only move when the order changed.
    const expectedPlace = previous ? previous.nextSibling : ui.rows.firstChild;
    if (expectedPlace !== row) {
      ui.rows.insertBefore(row, expectedPlace);
    }
    previous = row;
  }
  for (const [uuid, row] of rows) {
    if (!seen.has(uuid)) {
      row.remove();
      rows.delete(uuid);
      const stop = stops.get(uuid);
      if (stop && stop.timer) clearTimeout(stop.timer);
      stops.delete(uuid);
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
  stopNote = { text, until: Date.now() + STOP_NOTE_MS };
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
  const cluster = /** @type {{nodes?: string[], stale?: boolean, readAt?: string, streams?: {node: string, status: Connection}[]}} */ (body || {});
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
  setStatus('ok', response.status, Date.now() < stopNote.until ? stopNote.text : counts);
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
