package io.unisights.spring.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.unisights.spring.test.RecordingEventHandler;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What a host application brings beside the collector in the secured tests: one endpoint
 * of its own, a user, and a recording handler.
 */
final class SecuredHost {

	static final String USER = "operator";

	static final String PASSWORD = "operator-password";

	static final String KEY = "tracking-key-0123456789abcdef";

	static final String INGEST_SECRET = "whsec_aW5nZXN0LXNlY3JldC0wMTIzNDU2Nzg5YWJjZGVm";

	static final String ORIGIN = "https://shop.example.com";

	private SecuredHost() {
	}

	static String basicAuthorization() {
		return "Basic " + Base64.getEncoder()
			.encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		@Bean
		RecordingEventHandler recordingEventHandler() {
			return new RecordingEventHandler();
		}

		@Bean
		UserDetailsService users() {
			return new InMemoryUserDetailsManager(
					User.withUsername(USER).password("{noop}" + PASSWORD).roles("OPERATOR").build());
		}

		@Bean
		AccountController accountController() {
			return new AccountController();
		}

	}

	@RestController
	static class AccountController {

		@GetMapping("/account")
		String account() {
			return "account";
		}

		@PostMapping("/account")
		String update() {
			return "updated";
		}

	}

}
