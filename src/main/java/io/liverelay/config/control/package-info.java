/** The relay's settings: one documented name per option, read once, with a sane default each. */
package io.liverelay.config.control;
