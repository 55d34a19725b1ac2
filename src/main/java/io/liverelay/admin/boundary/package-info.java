/**
 * JAX-RS resources under {@code /api/admin}, protected by the web.xml security constraint (role
 * {@code relay-admin}). They read through {@code Connections}; only DELETE changes anything.
 */
package io.liverelay.admin.boundary;
