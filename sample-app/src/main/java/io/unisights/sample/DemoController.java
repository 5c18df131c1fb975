package io.unisights.sample;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Tells the demo page where to send its beacons: the collector on the main port, reached
 * under the host name the page was loaded from, so that the beacons cross origins the way
 * a real site's do.
 */
@RestController
class DemoController {

	private final WebServerApplicationContext context;

	private final DemoProperties properties;

	private final String collectPath;

	DemoController(WebServerApplicationContext context, DemoProperties properties,
			@Value("${unisights.collect.path:/events}") String collectPath) {
		this.context = context;
		this.properties = properties;
		this.collectPath = collectPath;
	}

	/**
	 * Returns the demo page's settings.
	 * @param request the request for them
	 * @return the collector URL and the site id to report as
	 */
	@GetMapping(path = "/demo/config.json", produces = MediaType.APPLICATION_JSON_VALUE)
	DemoConfig config(HttpServletRequest request) {
		String collector = request.getScheme() + "://" + request.getServerName() + ":"
				+ this.context.getWebServer().getPort() + this.collectPath;
		return new DemoConfig(collector, this.properties.siteId());
	}

	/**
	 * The demo page's settings.
	 *
	 * @param collector absolute URL of the beacon endpoint
	 * @param siteId site id and asset id to report as
	 */
	record DemoConfig(String collector, String siteId) {

	}

}
