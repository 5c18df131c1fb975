/**
 * Dead letters: the {@link io.unisights.deadletter.DeadLetter} record and
 * {@link io.unisights.deadletter.DeadLetterSink} contract that the events client and the
 * collector share, and the {@link io.unisights.deadletter.JsonLinesFile} both append what
 * they could not deliver to, one JSON object per line, forced to disk, and replay from
 * without losing a line to a crash.
 */
@NullMarked
package io.unisights.deadletter;

import org.jspecify.annotations.NullMarked;
