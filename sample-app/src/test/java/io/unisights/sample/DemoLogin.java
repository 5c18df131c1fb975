package io.unisights.sample;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The demo user of the tests ({@code spring.security.user.*} of the tests'
 * application.properties), for what the sample shows behind its login.
 */
final class DemoLogin {

	static final String USER = "demo";

	static final String PASSWORD = "demo-password-for-tests";

	private DemoLogin() {
	}

	/**
	 * The {@code Authorization} header of the demo user.
	 * @return HTTP Basic credentials
	 */
	static String authorization() {
		return "Basic " + Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
	}

}
