/**
 * The beacon endpoint: receives batches from the unisights browser SDK, plain or
 * encrypted, and hands them to the event handlers.
 */
@NullMarked
package io.unisights.spring.beacon;

import org.jspecify.annotations.NullMarked;
