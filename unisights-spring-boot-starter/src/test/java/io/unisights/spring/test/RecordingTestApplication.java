package io.unisights.spring.test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * A host application with the collector auto-configured and one {@link RecordingEventHandler}:
 * what an endpoint test over real HTTP needs, declared once. Tests name it in
 * {@code @SpringBootTest(classes = …)}, beside a configuration of their own for anything more.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class RecordingTestApplication {

	@Bean
	RecordingEventHandler recordingEventHandler() {
		return new RecordingEventHandler();
	}

}
