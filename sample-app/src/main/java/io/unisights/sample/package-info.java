/**
 * A runnable demo of the collector: every accepted item is logged and stored (H2 by
 * default, PostgreSQL by configuration), listed by {@code GET /sample/received}, and
 * summarised by the dashboard at {@code /}; a demo page on a second port sends beacons
 * cross-origin.
 */
@NullMarked
package io.unisights.sample;

import org.jspecify.annotations.NullMarked;
