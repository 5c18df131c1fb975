/**
 * Email open and click tracking endpoints: the open pixel, the click redirect, their
 * auto-configuration and the {@link io.unisights.tracking.TrackingLinks} bean that mints
 * links.
 */
@NullMarked
package io.unisights.spring.tracking;

import org.jspecify.annotations.NullMarked;
