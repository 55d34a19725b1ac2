/**
 * The named errors every feature reports ({@code RelayError}, the names clients, logs and the admin API see) and the
 * exception that carries one. The lowest layer: it depends on no other feature, so any feature may use it.
 */
package io.liverelay.error.entity;
