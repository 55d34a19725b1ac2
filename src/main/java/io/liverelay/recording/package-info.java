/**
 * The server's own recordings of streams: where they are, which files are recordings (by name only, so no path
 * from outside ever reaches the file system), and how long they are kept.
 */
package io.liverelay.recording;
