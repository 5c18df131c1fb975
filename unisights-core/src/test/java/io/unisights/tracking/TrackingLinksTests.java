package io.unisights.tracking;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

import io.unisights.tracking.TrackingToken.Kind;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class TrackingLinksTests {

	final TrackingCodec codec = TrackingCodecTests.codec(TrackingCodecTests.KEY).build();

	final ObjectNode metadata = TrackingCodecTests.metadata();

	@Test
	void buildsOpenAndClickUrlsUnderTheBaseUrl() {
		TrackingLinks links = TrackingLinks.builder(this.codec).baseUrl("https://mail.example.com/").build();

		String open = links.openUrl(this.metadata);
		String click = links.clickUrl("https://shop.example.com/sale?x=1", this.metadata);

		assertThat(open).startsWith("https://mail.example.com/t/open/");
		assertThat(click).startsWith("https://mail.example.com/t/click/");
		assertThat(this.codec.decode(open.substring(open.lastIndexOf('/') + 1), Kind.OPEN).metadata())
			.isEqualTo(this.metadata);
		assertThat(this.codec.decode(click.substring(click.lastIndexOf('/') + 1), Kind.CLICK).targetUrl())
			.isEqualTo("https://shop.example.com/sale?x=1");
	}

	@Test
	void usesConfiguredPathsAndABaseUrlWithAPathPrefix() {
		TrackingLinks links = TrackingLinks.builder(this.codec)
			.baseUrl("https://example.com/mail")
			.openPath("/o")
			.clickPath("/c")
			.build();

		assertThat(links.openUrl(this.metadata)).startsWith("https://example.com/mail/o/");
		assertThat(links.clickUrl("https://a.example", this.metadata)).startsWith("https://example.com/mail/c/");
		assertThat(links.isTrackingLink("HTTPS://EXAMPLE.COM/mail/c/Axyz")).isTrue();
		assertThat(links.isTrackingLink("https://example.com/mail/other")).isFalse();
	}

	@Test
	void refusesALinkOverTheMaximumLengthNamingBothLengths() {
		TrackingLinks links = TrackingLinks.builder(this.codec).baseUrl("https://mail.example.com").build();
		ObjectNode large = TrackingJson.MAPPER.createObjectNode().put("blob", "x".repeat(2000));

		assertThatExceptionOfType(TrackingLinkTooLongException.class).isThrownBy(() -> links.openUrl(large))
			.satisfies((ex) -> {
				assertThat(ex.maxLength()).isEqualTo(2000);
				assertThat(ex.length()).isGreaterThan(2000);
				assertThat(ex.getMessage()).contains("over the maximum of 2000");
			});
	}

	@Test
	void acceptsALinkOfExactlyTheMaximumLength() {
		TrackingLinks unlimited = TrackingLinks.builder(this.codec).baseUrl("https://m.example").build();
		int length = unlimited.openUrl(this.metadata).length();
		TrackingLinks exact = TrackingLinks.builder(this.codec)
			.baseUrl("https://m.example")
			.maxLinkLength(length)
			.build();
		TrackingLinks shorter = TrackingLinks.builder(this.codec)
			.baseUrl("https://m.example")
			.maxLinkLength(length - 1)
			.build();

		assertThat(exact.openUrl(this.metadata)).hasSize(length);
		assertThatExceptionOfType(TrackingLinkTooLongException.class).isThrownBy(() -> shorter.openUrl(this.metadata));
	}

	@Test
	void refusesInvalidConfigurationAtBuildTime() {
		assertThatIllegalArgumentException().isThrownBy(() -> TrackingLinks.builder(this.codec).build())
			.withMessageContaining("base URL is required");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TrackingLinks.builder(this.codec).baseUrl("mail.example.com").build())
			.withMessageContaining("absolute http(s)");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TrackingLinks.builder(this.codec).baseUrl("https://m.example").openPath("t/open").build())
			.withMessageContaining("open path");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> TrackingLinks.builder(this.codec)
				.baseUrl("https://m.example")
				.openPath("/t")
				.clickPath("/t")
				.build())
			.withMessageContaining("must differ");
		TrackingCodec readOnly = TrackingCodec.builder().acceptUnsignedPytracking(true).build();
		assertThatIllegalStateException()
			.isThrownBy(() -> TrackingLinks.builder(readOnly).baseUrl("https://m.example").build());
	}

	@Test
	void refusesToLinkToAScript() {
		TrackingLinks links = TrackingLinks.builder(this.codec).baseUrl("https://m.example").build();

		assertThatIllegalArgumentException().isThrownBy(() -> links.clickUrl("javascript:alert(1)", this.metadata));
		assertThat(List.of(links.clickUrl("HTTP://Example.com", this.metadata))).hasSize(1);
	}

}
