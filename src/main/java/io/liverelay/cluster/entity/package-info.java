/** What nodes tell each other: a stream as its node published it, and the cluster as one node reads it. */
package io.liverelay.cluster.entity;
