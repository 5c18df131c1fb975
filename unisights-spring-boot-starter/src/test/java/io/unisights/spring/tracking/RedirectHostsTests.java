package io.unisights.spring.tracking;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RedirectHostsTests {

	@Test
	void allowsEveryHostWhenEmpty() {
		assertThat(RedirectHosts.of(List.of()).allows("anything.example")).isTrue();
	}

	@Test
	void matchesExactHostsIgnoringCaseAndTrailingDot() {
		RedirectHosts hosts = RedirectHosts.of(List.of("Shop.Example.com"));

		assertThat(hosts.allows("shop.example.com")).isTrue();
		assertThat(hosts.allows("SHOP.EXAMPLE.COM.")).isTrue();
		assertThat(hosts.allows("example.com")).isFalse();
		assertThat(hosts.allows("evil-shop.example.com")).isFalse();
		assertThat(hosts.allows("shop.example.com.evil.example")).isFalse();
	}

	@Test
	void matchesSubdomainsOfAWildcardButNotTheBareDomain() {
		RedirectHosts hosts = RedirectHosts.of(List.of("*.example.org"));

		assertThat(hosts.allows("news.example.org")).isTrue();
		assertThat(hosts.allows("a.b.example.org")).isTrue();
		assertThat(hosts.allows("example.org")).isFalse();
		assertThat(hosts.allows("badexample.org")).isFalse();
	}

	@Test
	void comparesInternationalHostsInTheirAsciiForm() {
		RedirectHosts hosts = RedirectHosts.of(List.of("bücher.example"));

		assertThat(hosts.allows("xn--bcher-kva.example")).isTrue();
	}

}
