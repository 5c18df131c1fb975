package io.unisights.spring.test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A collector whose clock stands still at {@link #NOW}, so that freshness windows,
 * tolerance edges and received-at times are exact, with a {@link RecordingEventHandler}.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class FrozenClockTestApplication {

	/** The server's time, whole seconds. */
	public static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

	@Bean
	RecordingEventHandler recordingEventHandler() {
		return new RecordingEventHandler();
	}

	@Bean
	Clock clock() {
		return Clock.fixed(NOW, ZoneOffset.UTC);
	}

}
