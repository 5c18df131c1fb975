package io.unisights.spring.test;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;

import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * Why {@link AutoConfigureUnisights} exists: a plain slice leaves the collector out.
 */
@WebMvcTest
class WebMvcSliceWithoutKitTests {

	@Autowired
	MockMvc mvc;

	@Test
	void aSliceWithoutTheAnnotationHasNoBeaconEndpoint() throws Exception {
		this.mvc
			.perform(post("/events").contentType(MediaType.APPLICATION_JSON)
				.content(SdkBeacon.builder().pageView("Home").build().plainBody()))
			.andExpect(status().isNotFound());
	}

}
