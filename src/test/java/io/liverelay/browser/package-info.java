/**
 * The pages in a real browser: headless Chromium from Debian, driven by Selenium 4, with a fake camera and
 * microphone, against the deployed WAR and a real nginx-rtmp on 127.0.0.1. What the page shows is checked
 * together with what the RTMP server recorded. No browser or driver is ever downloaded.
 */
package io.liverelay.browser;
