/**
 * Dead letters of the collector: the {@link io.unisights.spring.delivery.deadletter.JsonlDeadLetterFile}
 * that keeps what the handlers failed to take, its
 * {@link io.unisights.spring.delivery.deadletter.DeadLetterReplayer replay}, the
 * {@code unisightsdeadletter} actuator endpoint, and their auto-configuration.
 */
@NullMarked
package io.unisights.spring.delivery.deadletter;

import org.jspecify.annotations.NullMarked;
