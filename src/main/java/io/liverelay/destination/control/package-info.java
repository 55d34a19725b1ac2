/** Decides which destination URLs the relay publishes to, before any process starts. */
package io.liverelay.destination.control;
