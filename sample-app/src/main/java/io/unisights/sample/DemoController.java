package io.unisights.sample;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.env.Environment;
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

	private final Environment environment;

	private final DemoProperties properties;

	private final String collectPath;

	DemoController(Environment environment, DemoProperties properties,
			@Value("${unisights.collect.path:/events}") String collectPath) {
		this.environment = environment;
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
		// The main port is known once the server runs (it may have been picked at random).
		String port = this.environment.getProperty("local.server.port",
				this.environment.getProperty("server.port", "8080"));
		String collector = request.getScheme() + "://" + request.getServerName() + ":" + port + this.collectPath;
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
