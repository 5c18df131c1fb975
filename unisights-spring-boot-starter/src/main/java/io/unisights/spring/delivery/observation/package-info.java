/**
 * Micrometer observations of deliveries: one {@code unisights.delivery} observation per item
 * carried through the handlers (retries and backoff included) and one
 * {@code unisights.handler} observation per handler call inside it. Their keys are listed
 * in {@link io.unisights.spring.delivery.observation.DeliveryObservationDocumentation}; a
 * host changes names or keys by declaring a
 * {@link io.unisights.spring.delivery.observation.DeliveryObservationConvention} or
 * {@link io.unisights.spring.delivery.observation.HandlerObservationConvention} bean.
 */
@NullMarked
package io.unisights.spring.delivery.observation;

import org.jspecify.annotations.NullMarked;
