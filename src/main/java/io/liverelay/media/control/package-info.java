/**
 * The Matroska/WebM scanner, the clock that moves a stream's clusters (past a pause, or past the first recording
 * when a reconnected browser's new recording is spliced after it) with what it needs to tell whether two
 * recordings' tracks agree, and the bounded buffer that holds media while a stream reconnects.
 */
package io.liverelay.media.control;
