package io.unisights.beacon;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** URLs as browsers put them in {@code location.href}, which {@code java.net.URI} refuses. */
class WebUrlTests {

	@ParameterizedTest
	@ValueSource(strings = { "https://example.com/", "http://example.com", "HTTPS://Example.COM/Path",
			"https://shop.example.com/search?q=a|b", "https://example.com/?q={keyword}&c={creative}",
			"https://example.com/?q=^caret^", "https://example.com/?q=back\\slash", "https://example.com/?q=`tick`",
			"https://example.com/a|b/c^d", "https://example.com/100%", "https://example.com/?discount=50%off",
			"https://my_host.example.com/", "https://a_b.c_d.example/", "http://localhost:8080/demo",
			"http://127.0.0.1/", "http://[::1]:8080/", "https://user:pass@example.com/", "http://example.com:/",
			"https://example.com#frag{x}", "https://example.com?x=1", "https://bücher.example/straße",
			"https://example.com/ spaced" })
	void acceptsWhatBrowsersSerialise(String url) {
		assertThat(WebUrl.isHttp(url)).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "/relative", "example.com/", "ftp://example.com/", "file:///etc/passwd",
			"javascript:alert(1)", "https:example.com", "https:/example.com", "https://", "https:///path",
			"https://:80/", "https://user@/", "https://exa mple.com/", "https://exa|mple.com/", "https://ex%41.com/",
			"https://example.com:99999/", "https://example.com:8o/", "https://[::1/", "https://[zz]/",
			"https://example.com/\nSet-Cookie: x", "https://example.com/\u0000" })
	void refusesWhatHasNoHttpHost(String url) {
		assertThat(WebUrl.isHttp(url)).isFalse();
	}

}
