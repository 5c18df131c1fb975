package io.unisights.spring.test;

import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.unisights.ingest.CanonicalEvent;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A host's {@code @WebMvcTest} with {@link AutoConfigureUnisights}: every endpoint of the
 * collector is in the slice and reaches the recording handler.
 */
@WebMvcTest(properties = { "unisights.tracking.keys=" + WebMvcSliceTests.TRACKING_KEY,
		"unisights.ingest.secrets=" + WebMvcSliceTests.INGEST_SECRET })
@AutoConfigureUnisights
@Import(RecordingEventHandler.class)
class WebMvcSliceTests {

	static final String TRACKING_KEY = "slice-tracking-key-0123456789";

	static final String INGEST_SECRET = "whsec_c2xpY2UtaW5nZXN0LXNlY3JldC0wMTIzNDU2Nzg5";

	@Autowired
	MockMvc mvc;

	@Autowired
	RecordingEventHandler handler;

	@Autowired
	ApplicationContext context;

	@BeforeEach
	void reset() {
		this.handler.reset();
	}

	@Test
	void receivesPlainAndEncryptedBeacons() throws Exception {
		SdkBeacon beacon = SdkBeacon.builder().pageView("Home").webVital("LCP", 1830.4, "good").build();

		this.mvc.perform(post("/events").contentType(MediaType.APPLICATION_JSON).content(beacon.plainBody()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("delivered"))
			.andExpect(jsonPath("$.events").value(2));
		SdkBeacon other = SdkBeacon.builder().pageView("Cart").build();
		this.mvc.perform(post("/events").contentType(MediaType.APPLICATION_JSON).content(other.encryptedBody()))
			.andExpect(status().isOk());

		assertThat(this.handler.beacons()).extracting((delivery) -> delivery.payload().sessionId())
			.containsExactly(beacon.sessionId(), other.sessionId());
	}

	@Test
	void receivesOpensAndClicksOfLinksMintedWithTheApplicationsKeys() throws Exception {
		TestTrackingLinks links = TestTrackingLinks.of(this.context);

		this.mvc.perform(get(links.openPath(Map.of("message_id", "m-1"))))
			.andExpect(status().isOk())
			.andExpect(header().string("Content-Type", "image/gif"));
		this.mvc.perform(get(links.clickPath("https://shop.example.com/sale", Map.of("message_id", "m-1"))))
			.andExpect(status().isFound())
			.andExpect(header().string("Location", "https://shop.example.com/sale"));

		assertThat(this.handler.opens()).singleElement()
			.satisfies((open) -> assertThat(open.metadata().get("message_id").asString()).isEqualTo("m-1"));
		assertThat(this.handler.clicks()).singleElement()
			.satisfies((click) -> assertThat(click.trackedUrl()).isEqualTo("https://shop.example.com/sale"));
	}

	@Test
	void receivesSignedServerEvents() throws Exception {
		SignedIngestRequest request = SignedIngestRequest.builder(INGEST_SECRET)
			.event(CanonicalEvent.builder("order.created").id("evt_slice").source("shop").build())
			.build();

		this.mvc.perform(post("/events/ingest").headers(request.headers()).content(request.body()))
			.andExpect(status().isOk());
		this.mvc
			.perform(post("/events/ingest").headers(request.headers())
				.content(request.bodyAsString().replace("evt_slice", "evt_forged")))
			.andExpect(status().isUnauthorized());

		assertThat(this.handler.ingested()).singleElement()
			.satisfies((event) -> assertThat(event.id()).isEqualTo("evt_slice"));
	}

}
