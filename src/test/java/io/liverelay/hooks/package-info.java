/** Start hooks proven on the deployed WAR: test observers of StartRequest added to the real WAR. */
package io.liverelay.hooks;
