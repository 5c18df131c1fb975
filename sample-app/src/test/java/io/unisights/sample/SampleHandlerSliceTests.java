package io.unisights.sample;

import java.util.List;
import java.util.Map;

import io.unisights.ingest.CanonicalEvent;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Channel;
import io.unisights.spring.Delivery;
import io.unisights.spring.test.AutoConfigureUnisights;
import io.unisights.spring.test.SdkBeacon;
import io.unisights.spring.test.SignedIngestRequest;
import io.unisights.spring.test.TestTrackingLinks;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The sample's handler in a web slice with the collector and the sample's own settings
 * (application.yml): what the browser SDK, a mail client and a signing server send reaches
 * it, without a database or a server.
 */
@WebMvcTest(useDefaultFilters = false)
@AutoConfigureUnisights
@Import(RecentDeliveries.class)
class SampleHandlerSliceTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	RecentDeliveries recent;

	@Autowired
	ApplicationContext context;

	@Value("${unisights.ingest.secrets[0]}")
	String ingestSecret;

	@Test
	void everyChannelReachesTheSamplesHandler() throws Exception {
		SdkBeacon beacon = SdkBeacon.builder().assetId("unisights-demo").pageView("Demo").build();
		TestTrackingLinks links = TestTrackingLinks.of(this.context);
		SignedIngestRequest event = SignedIngestRequest.builder(this.ingestSecret)
			.event(CanonicalEvent.builder("order.created").id("evt_slice").source("shop").identity("cus_7").build())
			.build();

		this.mvc.perform(post("/events").contentType(MediaType.APPLICATION_JSON).content(beacon.encryptedBody()))
			.andExpect(status().isOk())
			.andExpect(jsonPath("$.status").value("delivered"));
		this.mvc.perform(get(links.openPath(Map.of("campaign", "welcome")))).andExpect(status().isOk());
		this.mvc.perform(get(links.clickPath("https://example.com/offer", Map.of("campaign", "welcome"))))
			.andExpect(status().isFound());
		this.mvc.perform(post("/events/ingest").headers(event.headers()).content(event.body()))
			.andExpect(status().isOk());

		List<Delivery> latest = this.recent.latest(10);
		assertThat(latest).extracting(Delivery::channel)
			.containsExactly(Channel.BEACON, Channel.OPEN, Channel.CLICK, Channel.INGEST);
		assertThat(((BeaconDelivery) latest.get(0)).payload().sessionId()).isEqualTo(beacon.sessionId());
		assertThat(latest.get(3).partitionKey()).isEqualTo("cus_7");
	}

}
