/**
 * A runnable demo of the collector: every accepted item is logged and kept for
 * {@code GET /sample/received}.
 */
@NullMarked
package io.unisights.sample;

import org.jspecify.annotations.NullMarked;
