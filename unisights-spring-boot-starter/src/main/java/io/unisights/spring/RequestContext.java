package io.unisights.spring;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What the collector knew about the HTTP request that carried an event.
 *
 * @param clientIp the client address as the servlet container reports it, which honours
 * Spring's forwarded-header handling ({@code server.forward-headers-strategy}); never
 * trust it further than your proxy set-up allows
 * @param userAgent the {@code User-Agent} header, if sent
 * @param origin the {@code Origin} header, if sent (browsers send it with beacons)
 * @param receivedAt when the collector received the request
 */
public record RequestContext(@Nullable String clientIp, @Nullable String userAgent, @Nullable String origin,
		Instant receivedAt) {

}
