/**
 * Just enough knowledge of the browser's container to resume a stream on a new ffmpeg: where the header
 * ends and where each cluster (a self-contained run of media) begins, found while the bytes flow past.
 */
package io.liverelay.media;
