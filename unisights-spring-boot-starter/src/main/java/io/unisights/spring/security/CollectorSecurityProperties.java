package io.unisights.spring.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the collector's Spring Security integration.
 *
 * @param permitEndpoints Whether the collector contributes its own security filter chain
 * that lets its public endpoints (beacons, server events, open pixel, click redirect)
 * through without authentication, session or CSRF token; turn off to secure these paths
 * in your own chain, for instance with UnisightsRequest.toCollectorEndpoints()
 */
@ConfigurationProperties("unisights.security")
public record CollectorSecurityProperties(@DefaultValue("true") boolean permitEndpoints) {

}
