/** What the demo's local RTMP sink reports about the stream it receives. */
package io.liverelay.demo.entity;
