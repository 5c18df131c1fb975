/**
 * Email open and click tracking links: signed (optionally encrypted) stateless tokens
 * ({@link io.unisights.tracking.TrackingCodec}), a builder of pixel and redirect URLs that
 * also rewrites outgoing HTML ({@link io.unisights.tracking.TrackingLinks}), and decoding of
 * links minted by pytracking 0.2.
 */
@NullMarked
package io.unisights.tracking;

import org.jspecify.annotations.NullMarked;
