package io.unisights.beacon;

import java.util.Random;

import org.junit.jupiter.api.Test;
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

	@Test
	void answersAsTheFirstPlainFormOfTheRulesOnRandomUrls() {
		// The checks scan with tables and spare the control-character search for text known
		// to be printable; the answer must be that of the rules written out plainly.
		Random random = new Random(20261201);
		String[] parts = { "http", "https", "HTTP", "httpſ", ":", "//", "/", "?", "#", "@", "[", "]", "::1", ":80",
				":65536", ":8o", ":\u0663", "example.com", "a_b", "user:pw", " ", "|", "^", "%", "\\", "{x}", "\u0000",
				"\n", "\u007f", "ü", "\u20ac", ".", "0", "1" };
		int accepted = 0;
		for (int round = 0; round < 50000; round++) {
			StringBuilder url = new StringBuilder();
			if (random.nextInt(4) != 0) {
				url.append(random.nextBoolean() ? "https://" : "http://");
			}
			int count = random.nextInt(8);
			for (int i = 0; i < count; i++) {
				url.append(parts[random.nextInt(parts.length)]);
			}
			String text = url.toString();
			boolean expected = Reference.isHttp(text);
			assertThat(WebUrl.isHttp(text)).as(text).isEqualTo(expected);
			if (text.chars().allMatch((c) -> c >= ' ' && c <= '~')) {
				assertThat(WebUrl.isHttp(text, true)).as(text).isEqualTo(expected);
			}
			accepted += expected ? 1 : 0;
		}
		assertThat(accepted).isGreaterThan(3000);
	}

	/** The rules as first written: one search of the string per question. */
	private static final class Reference {

		static boolean isHttp(String url) {
			int afterScheme = url.regionMatches(true, 0, "http:", 0, 5) ? 5
					: url.regionMatches(true, 0, "https:", 0, 6) ? 6 : -1;
			if (afterScheme < 0 || !url.startsWith("//", afterScheme)) {
				return false;
			}
			int start = afterScheme + 2;
			int end = start;
			while (end < url.length() && "/?#".indexOf(url.charAt(end)) < 0) {
				end++;
			}
			return isAuthority(url, start, end) && noControls(url.substring(end));
		}

		private static boolean isAuthority(String url, int start, int end) {
			int hostStart = url.lastIndexOf('@', end - 1);
			hostStart = (hostStart >= start) ? hostStart + 1 : start;
			if (!noControls(url.substring(start, hostStart))) {
				return false;
			}
			if (hostStart < end && url.charAt(hostStart) == '[') {
				int close = url.indexOf(']', hostStart);
				if (close <= hostStart + 1 || close >= end) {
					return false;
				}
				for (int i = hostStart + 1; i < close; i++) {
					char c = url.charAt(i);
					if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
						return false;
					}
				}
				return isPort(url.substring(close + 1, end));
			}
			int colon = url.indexOf(':', hostStart);
			int hostEnd = (colon >= 0 && colon < end) ? colon : end;
			if (hostEnd == hostStart) {
				return false;
			}
			for (int i = hostStart; i < hostEnd; i++) {
				char c = url.charAt(i);
				if (c <= ' ' || c == 0x7F || "#%/:<>?@[\\]^|".indexOf(c) >= 0) {
					return false;
				}
			}
			return isPort(url.substring(hostEnd, end));
		}

		private static boolean isPort(String port) {
			if (port.isEmpty()) {
				return true;
			}
			if (port.charAt(0) != ':' || port.length() > 6) {
				return false;
			}
			int value = 0;
			for (int i = 1; i < port.length(); i++) {
				int digit = Character.digit(port.charAt(i), 10);
				if (digit < 0) {
					return false;
				}
				value = value * 10 + digit;
			}
			return value <= 65535;
		}

		private static boolean noControls(String text) {
			return text.chars().noneMatch((c) -> c < ' ' || c == 0x7F);
		}

	}

}
