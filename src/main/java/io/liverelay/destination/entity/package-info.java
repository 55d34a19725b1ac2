/** A publish target as the relay understands it, with its stream key kept out of every printable form. */
package io.liverelay.destination.entity;
