/**
 * The server-to-server ingestion endpoint: receives canonical business events signed by
 * the Standard Webhooks scheme, suppresses duplicates and hands them to the event
 * handlers.
 */
@NullMarked
package io.unisights.spring.ingest;

import org.jspecify.annotations.NullMarked;
