/*
 * ES module entry of BrowserToRtmpClient. The implementation is the classic script beside this file, loaded
 * for its side effect (it defines globalThis.BrowserToRtmpClient), so <script> and module users share one class.
 */
import './browser-to-rtmp-client.js';

/** @type {typeof import('./browser-to-rtmp-client').BrowserToRtmpClient} */
const BrowserToRtmpClient = /** @type {any} */ (globalThis).BrowserToRtmpClient;

// A module has no document.currentScript: the endpoint path is derived from this file's URL instead.
if (!BrowserToRtmpClient.scriptUrl) {
  BrowserToRtmpClient.scriptUrl = import.meta.url;
}

/** @type {typeof BrowserToRtmpClient.pickMimeType} */
const pickMimeType = (mediaStream) => BrowserToRtmpClient.pickMimeType(mediaStream);

export { BrowserToRtmpClient, pickMimeType };
export default BrowserToRtmpClient;
