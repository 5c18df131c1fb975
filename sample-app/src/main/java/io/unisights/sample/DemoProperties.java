package io.unisights.sample;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where the demo page is served.
 *
 * @param port second port of the embedded server, serving the same application, so that
 * a page loaded from it posts its beacons cross-origin to the main port; {@code 0} picks a
 * free port, a negative value switches the second port off
 * @param address local address the second port binds to; defaults to
 * {@code server.address}, else every address
 * @param siteId site id (and {@code asset_id}) the demo page's script reports as
 */
@ConfigurationProperties("sample.demo")
record DemoProperties(@DefaultValue("8081") int port, @Nullable String address,
		@DefaultValue("unisights-demo") String siteId) {

}
