/**
 * The generated reference pages of the project's documentation: what is written from the
 * starter's own build output rather than by hand.
 */
@NullMarked
package io.unisights.spring.docs;

import org.jspecify.annotations.NullMarked;
