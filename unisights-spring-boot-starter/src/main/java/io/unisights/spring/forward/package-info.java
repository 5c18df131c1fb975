/**
 * Forwarders: {@link io.unisights.spring.EventHandler} implementations that hand every
 * accepted item on to Kafka or to a signed webhook, behind the same retries and dead-letter
 * file as any other handler.
 */
@NullMarked
package io.unisights.spring.forward;

import org.jspecify.annotations.NullMarked;
