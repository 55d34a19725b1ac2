/** The WebSocket that browsers stream to; it only hands each event over to the control layer. */
package io.liverelay.ingest.boundary;
