/**
 * Issue 4 on the deployed WAR: what a hostile page, a broken broadcaster or a failing ingest sends the relay,
 * one case per row, each proving that the client hears a named outcome, that no ffmpeg is left behind and
 * that a canary stream relayed through the same server all along is unharmed. docs/security.md maps every
 * defence to its test here.
 */
package io.liverelay.hostile;
