/** Tests of the code's shape: which feature may use which, read from the sources. */
package io.liverelay.structure;
