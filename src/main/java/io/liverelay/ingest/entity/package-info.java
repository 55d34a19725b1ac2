/** Data of the ingest feature: a browser's start request, a stream's states and status, its lifecycle events. */
package io.liverelay.ingest.entity;
