/** The operators' view of the relay: its connections, a way to stop one, and totals (docs/admin-api.md). */
package io.liverelay.admin;
