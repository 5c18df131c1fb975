package io.unisights.sample;

import java.time.Clock;

import io.unisights.sample.DashboardQueries.Dashboard;
import io.unisights.sample.DemoServerConfiguration.DemoPort;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The JSON behind the dashboard page ({@code /}), and where the demo pages live.
 */
@RestController
class DashboardController {

	private final DashboardQueries queries;

	private final DemoPort demoPort;

	private final Clock clock = Clock.systemUTC();

	DashboardController(DashboardQueries queries, DemoPort demoPort) {
		this.queries = queries;
		this.demoPort = demoPort;
	}

	/**
	 * Returns the dashboard's data for the last {@code minutes} minutes.
	 * @param minutes length of the window, 5 minutes to 7 days
	 * @param request the request, whose host name the demo link reuses
	 * @return the dashboard
	 */
	@GetMapping(path = "/sample/dashboard", produces = MediaType.APPLICATION_JSON_VALUE)
	DashboardView dashboard(@RequestParam(defaultValue = "60") int minutes, HttpServletRequest request) {
		int bounded = Math.max(5, Math.min(minutes, 7 * 24 * 60));
		int port = this.demoPort.localPort();
		String demoUrl = (port > 0) ? request.getScheme() + "://" + request.getServerName() + ":" + port + "/demo/"
				: null;
		return new DashboardView(this.queries.dashboard(this.clock.instant(), bounded), demoUrl);
	}

	/**
	 * The dashboard and the link to the demo page.
	 *
	 * @param dashboard the aggregates
	 * @param demoUrl the demo page on the demo port, when that port is open
	 */
	record DashboardView(Dashboard dashboard, @Nullable String demoUrl) {

	}

}
