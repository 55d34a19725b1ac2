// Types for the ES module: the same API as browser-to-rtmp-client.d.ts.
export * from './browser-to-rtmp-client';
export { default } from './browser-to-rtmp-client';
