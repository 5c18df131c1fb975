package io.unisights.spring.privacy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ClientAddressesTests {

	private final ClientAddresses defaults = new ClientAddresses(24, 48);

	@Test
	void keepsTheSlash24OfAnIpv4Address() {
		assertThat(this.defaults.truncate("203.0.113.77")).isEqualTo("203.0.113.0");
		assertThat(this.defaults.truncate("10.1.2.255")).isEqualTo("10.1.2.0");
	}

	@Test
	void keepsTheSlash48OfAnIpv6Address() {
		assertThat(this.defaults.truncate("2001:db8:85a3:8d3:1319:8a2e:370:7348")).isEqualTo("2001:db8:85a3::");
		assertThat(this.defaults.truncate("2001:0DB8:85A3:08D3::7348")).isEqualTo("2001:db8:85a3::");
		// Tomcat writes the loopback address in full.
		assertThat(this.defaults.truncate("0:0:0:0:0:0:0:1")).isEqualTo("::");
	}

	@Test
	void truncatesAnIpv4MappedIpv6AddressAsTheIpv4AddressItCarries() {
		assertThat(this.defaults.truncate("::ffff:203.0.113.77")).isEqualTo("203.0.113.0");
		assertThat(this.defaults.truncate("::FFFF:cb00:714d")).isEqualTo("203.0.113.0");
	}

	@Test
	void keepsTheConfiguredPrefixLengths() {
		ClientAddresses coarse = new ClientAddresses(16, 32);
		ClientAddresses odd = new ClientAddresses(20, 56);

		assertThat(coarse.truncate("203.0.113.77")).isEqualTo("203.0.0.0");
		assertThat(coarse.truncate("2001:db8:85a3:8d3:1319:8a2e:370:7348")).isEqualTo("2001:db8::");
		assertThat(odd.truncate("203.0.127.77")).isEqualTo("203.0.112.0");
		assertThat(odd.truncate("2001:db8:85a3:8d3:1319:8a2e:370:7348")).isEqualTo("2001:db8:85a3:800::");
		assertThat(new ClientAddresses(32, 128).truncate("2001:db8::1")).isEqualTo("2001:db8::1");
		assertThat(new ClientAddresses(0, 0).truncate("203.0.113.77")).isEqualTo("0.0.0.0");
	}

	@Test
	void dropsTheZoneOfALinkLocalAddress() {
		assertThat(this.defaults.truncate("fe80::1ff:fe23:4567:890a%eth0")).isEqualTo("fe80::");
	}

	@Test
	void keepsNothingOfWhatIsNoAddressAndNeverLooksItUp() {
		assertThat(this.defaults.truncate(null)).isNull();
		assertThat(this.defaults.truncate("")).isNull();
		assertThat(this.defaults.truncate("unknown")).isNull();
		assertThat(this.defaults.truncate("localhost")).isNull();
		assertThat(this.defaults.truncate("shop.example.com")).isNull();
		assertThat(this.defaults.truncate("1.2.3")).isNull();
		assertThat(this.defaults.truncate("256.1.1.1")).isNull();
	}

	@Test
	void writesIpv6AsRfc5952Says() {
		assertThat(ClientAddresses.ipv6(ClientAddresses.parse("2001:db8:0:0:1:0:0:1"))).isEqualTo("2001:db8::1:0:0:1");
		assertThat(ClientAddresses.ipv6(ClientAddresses.parse("2001:db8:0:1:1:1:1:1"))).isEqualTo("2001:db8:0:1:1:1:1:1");
		assertThat(ClientAddresses.ipv6(ClientAddresses.parse("::"))).isEqualTo("::");
	}

}
