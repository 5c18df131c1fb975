/**
 * Dead letters on disk: the {@link io.unisights.deadletter.JsonLinesFile} that both the
 * events client and the collector append what they could not deliver to, one JSON object
 * per line, forced to disk, and replay from without losing a line to a crash.
 */
@NullMarked
package io.unisights.deadletter;

import org.jspecify.annotations.NullMarked;
