/*
 * Proof of arrival for the demo page: what the local RTMP server started by bin/run receives, as its own
 * ffmpeg sees it (GET api/demo-sink), and its latest picture (GET api/demo-preview.jpg), refreshed every
 * second. On a server without the demo sink both answer 404 and the card stays hidden.
 */

/**
 * @typedef {object} SinkStatus
 * @property {'receiving' | 'waiting'} state
 * @property {{codec: string, profile: string, width: number, height: number, fps: number}} [video]
 * @property {{codec: string, profile: string, sampleRate: number, channels: string}} [audio]
 * @property {number} frames
 * @property {number} fps frames per second of media over the sink's last report
 * @property {number} bitrateKbps
 * @property {number} seconds media received
 * @property {number} [pictureAt] epoch ms of the latest picture
 */

const POLL_MS = 1000;
const RETRY_MS = 5000;
const CODEC_NAMES = Object.freeze({ h264: 'H.264', hevc: 'H.265', vp8: 'VP8', vp9: 'VP9', av1: 'AV1', aac: 'AAC', mp3: 'MP3', opus: 'Opus' });

/**
 * @param {string} id
 * @returns {HTMLElement}
 */
function byId(id) {
  const element = document.getElementById(id);
  if (!element) {
    throw new Error(`demo: missing element #${id}`);
  }
  return element;
}

/** @param {string} codec */
function codecName(codec) {
  return /** @type {Record<string, string>} */ (CODEC_NAMES)[codec] || codec.toUpperCase();
}

/**
 * @param {HTMLElement} element
 * @param {number | string | null | undefined} raw kept in data-value
 * @param {string} text
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

/** Starts watching the sink; does nothing visible on a server without one. */
export function watchArrival() {
  const ui = {
    card: byId('sink'),
    frame: /** @type {HTMLElement} */ (byId('sink-preview').parentElement),
    picture: /** @type {HTMLImageElement} */ (byId('sink-preview')),
    state: byId('sink-state'),
    age: byId('sink-picture-age'),
    video: byId('sink-video'),
    size: byId('sink-size'),
    fps: byId('sink-fps'),
    audio: byId('sink-audio'),
    bitrate: byId('sink-bitrate'),
    time: byId('sink-time'),
  };
  const decimal = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });
  const whole = new Intl.NumberFormat(undefined, { maximumFractionDigits: 0 });
  /** @type {number | undefined} */
  let shownPictureAt;
  let loadingPicture = false;

  /** @param {number} pictureAt */
  function refreshPicture(pictureAt) {
    if (pictureAt === shownPictureAt || loadingPicture) return;
    loadingPicture = true;
    // Loaded aside and swapped in whole, so the picture never flickers or shows half.
    const next = new Image();
    next.onload = () => {
      loadingPicture = false;
      shownPictureAt = pictureAt;
      ui.picture.src = next.src;
      ui.picture.hidden = false;
      ui.frame.classList.add('has-picture');
    };
    next.onerror = () => {
      loadingPicture = false;
    };
    next.src = `./api/demo-preview.jpg?at=${pictureAt}`;
  }

  /** @param {SinkStatus} sink */
  function render(sink) {
    const receiving = sink.state === 'receiving';
    ui.card.dataset.state = sink.state;
    ui.state.dataset.value = sink.state;
    ui.state.textContent = receiving ? 'receiving' : sink.video ? 'waiting for a stream (the last one is shown)' : 'waiting for a stream';
    const video = sink.video;
    show(ui.video, video && video.codec, video ? `${codecName(video.codec)}${video.profile ? ` (${video.profile})` : ''}` : '');
    show(ui.size, video && `${video.width}x${video.height}`, video ? `${video.width}×${video.height}` : '');
    const fps = receiving && sink.fps > 0 ? sink.fps : video && video.fps > 0 ? video.fps : null;
    show(ui.fps, fps, fps === null ? '' : `${decimal.format(fps)} fps`);
    const audio = sink.audio;
    show(ui.audio, audio && audio.codec, audio ? `${codecName(audio.codec)}, ${whole.format(audio.sampleRate)} Hz, ${audio.channels}` : 'none');
    show(ui.bitrate, receiving ? sink.bitrateKbps : null, `${whole.format(sink.bitrateKbps)} kbit/s`);
    show(ui.time, receiving ? sink.seconds : null, `${decimal.format(sink.seconds)} s, ${whole.format(sink.frames)} frames`);
    if (typeof sink.pictureAt === 'number') {
      refreshPicture(sink.pictureAt);
      const seconds = Math.max(0, Math.round((Date.now() - sink.pictureAt) / 1000));
      ui.age.textContent = seconds <= 2 ? 'picture: live' : `picture from ${whole.format(seconds)} s ago`;
      ui.age.dataset.value = String(sink.pictureAt);
    }
  }

  /** @param {number} delay */
  function poll(delay) {
    setTimeout(async () => {
      if (document.hidden) {
        poll(POLL_MS);
        return;
      }
      try {
        const response = await fetch('./api/demo-sink', { headers: { Accept: 'application/json' }, cache: 'no-store' });
        if (response.status === 404) {
          ui.card.hidden = true;
          return; // no demo sink on this server: nothing to watch
        }
        if (!response.ok) {
          poll(RETRY_MS);
          return;
        }
        render(/** @type {SinkStatus} */ (await response.json()));
        ui.card.hidden = false;
        poll(POLL_MS);
      } catch (error) {
        poll(RETRY_MS);
      }
    }, delay);
  }

  poll(0);
}
