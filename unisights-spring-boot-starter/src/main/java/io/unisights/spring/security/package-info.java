/**
 * Spring Security integration: a filter chain that keeps the collector's public endpoints
 * reachable in a secured application, and {@link io.unisights.spring.security.UnisightsRequest}
 * for hosts that compose their own chains.
 */
@NullMarked
package io.unisights.spring.security;

import org.jspecify.annotations.NullMarked;
