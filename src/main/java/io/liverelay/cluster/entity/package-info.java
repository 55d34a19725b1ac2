/**
 * What nodes tell each other: a stream as its node published it, the cluster as one node reads it, and an
 * operator's stop asked of another node.
 */
package io.liverelay.cluster.entity;
