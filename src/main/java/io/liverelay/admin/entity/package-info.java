/** What the admin API answers beyond connection statuses. */
package io.liverelay.admin.entity;
