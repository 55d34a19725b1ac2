/** Where a publisher connects to, and how it fails, with the stream key kept out of every printable form. */
package io.liverelay.rtmp.entity;
