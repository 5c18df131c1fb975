package io.unisights.spring.privacy;

import java.time.Instant;

import io.unisights.spring.test.MutableClock;
import io.unisights.spring.test.RecordingEventHandler;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** A collector with email tracking, a clock the tests move and a recording handler. */
@SpringBootConfiguration
@EnableAutoConfiguration
class PrivacyTestApplication {

	static final String TRACKING_KEY = "privacy-test-key-0123456789abcdef";

	static final Instant NOW = Instant.parse("2026-06-01T08:00:00Z");

	@Bean
	RecordingEventHandler recordingEventHandler() {
		return new RecordingEventHandler();
	}

	@Bean
	MutableClock clock() {
		return new MutableClock(NOW);
	}

}
