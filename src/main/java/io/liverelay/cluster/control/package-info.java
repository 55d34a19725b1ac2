/** The cluster store behind one interface (in memory, or Redis), its settings, and the node's heartbeat. */
package io.liverelay.cluster.control;
