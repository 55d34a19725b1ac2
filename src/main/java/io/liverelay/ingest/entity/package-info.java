/** Data of the ingest feature: a stream's validated settings, its states, its named errors and its lifecycle events. */
package io.liverelay.ingest.entity;
