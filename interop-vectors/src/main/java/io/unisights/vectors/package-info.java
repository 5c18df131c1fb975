/**
 * The interoperability vectors, read from the test classpath by every module's tests.
 */
@NullMarked
package io.unisights.vectors;

import org.jspecify.annotations.NullMarked;
