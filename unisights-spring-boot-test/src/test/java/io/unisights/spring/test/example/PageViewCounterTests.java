package io.unisights.spring.test.example;

import io.unisights.spring.test.AutoConfigureUnisights;
import io.unisights.spring.test.RecordingEventHandler;
import io.unisights.spring.test.SdkBeacon;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@WebMvcTest
@AutoConfigureUnisights
@Import({ PageViewCounter.class, RecordingEventHandler.class })
class PageViewCounterTests {

	@Autowired
	MockMvc mvc;

	@Autowired
	PageViewCounter counter;

	@Autowired
	RecordingEventHandler recorded;

	@Test
	void countsThePageViewsOfPlainAndEncryptedBeacons() throws Exception {
		SdkBeacon first = SdkBeacon.builder().pageUrl("https://shop.example.com/cart").pageView("Cart").build();
		SdkBeacon second = SdkBeacon.builder()
			.pageUrl("https://shop.example.com/cart")
			.pageView("Cart")
			.webVital("LCP", 1830.4, "good")
			.build();

		this.mvc.perform(post("/events").contentType(MediaType.APPLICATION_JSON).content(first.plainBody()))
			.andExpect(status().isOk());
		this.mvc.perform(post("/events").contentType(MediaType.APPLICATION_JSON).content(second.encryptedBody()))
			.andExpect(status().isOk());

		assertThat(this.counter.views("https://shop.example.com/cart")).isEqualTo(2);
		assertThat(this.recorded.beacons()).hasSize(2);
	}

}
