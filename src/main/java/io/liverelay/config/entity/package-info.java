/** Values of the relay's settings that have a type of their own, such as the AAC coder ffmpeg is told to use. */
package io.liverelay.config.entity;
