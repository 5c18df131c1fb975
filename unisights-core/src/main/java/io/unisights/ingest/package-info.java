/**
 * Server-to-server events: the {@link io.unisights.ingest.CanonicalEvent} envelope and its
 * JSON wire form, the registry of canonical {@link io.unisights.ingest.EventTypes}, request
 * signing and verification by the Standard Webhooks scheme
 * ({@link io.unisights.ingest.WebhookSignature}), and the {@link io.unisights.ingest.EventsClient}
 * that sends events reliably, retrying and dead-lettering what cannot be delivered.
 */
@NullMarked
package io.unisights.ingest;

import org.jspecify.annotations.NullMarked;
