/** The Matroska/WebM scanner and the bounded buffer that holds media while a stream reconnects. */
package io.liverelay.media.control;
