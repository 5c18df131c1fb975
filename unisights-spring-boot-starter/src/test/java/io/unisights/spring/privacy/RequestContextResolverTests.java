package io.unisights.spring.privacy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.unisights.beacon.BeaconPayload;
import io.unisights.beacon.DeviceInfo;
import io.unisights.spring.Automation;
import io.unisights.spring.Automation.Reason;
import io.unisights.spring.RequestContext;
import io.unisights.spring.delivery.DispatchResult;
import io.unisights.spring.privacy.PrivacyProperties.AddressPolicy;
import io.unisights.spring.privacy.PrivacyProperties.SignalPolicy;

import org.springframework.mock.web.MockHttpServletRequest;

import static org.assertj.core.api.Assertions.assertThat;

class RequestContextResolverTests {

	static final Instant NOW = Instant.parse("2026-06-01T08:00:00Z");

	static final String CHROME_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/131.0.0.0 Safari/537.36";

	static final String SAFARI_IPAD_DESKTOP = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 "
			+ "(KHTML, like Gecko) Version/17.6 Safari/605.1.15";

	static final String CHROME_ANDROID = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/131.0.0.0 Mobile Safari/537.36";

	private static final UserAgentClassifier classifier = UserAgentClassifier.create(100);

	@Test
	void keepsTruncatesHashesOrDropsTheAddress() {
		assertThat(context(AddressPolicy.KEEP, "203.0.113.7").clientIp()).isEqualTo("203.0.113.7");
		assertThat(context(AddressPolicy.TRUNCATE, "203.0.113.7").clientIp()).isEqualTo("203.0.113.0");
		assertThat(context(AddressPolicy.TRUNCATE, "2001:db8:85a3:8d3:1319:8a2e:370:7348").clientIp())
			.isEqualTo("2001:db8:85a3::");
		assertThat(context(AddressPolicy.TRUNCATE, "::ffff:203.0.113.7").clientIp()).isEqualTo("203.0.113.0");
		assertThat(context(AddressPolicy.HASH, "203.0.113.7").clientIp()).hasSize(22).doesNotContain("203");
		assertThat(context(AddressPolicy.DROP, "203.0.113.7").clientIp()).isNull();
	}

	@Test
	void computesTheVisitorIdFromTheRawAddressWhateverIsKept() {
		VisitorSaltStore salts = new MemoryVisitorSaltStore();
		RequestContext kept = resolver(AddressPolicy.KEEP, salts).tracking(request("203.0.113.7", CHROME_WINDOWS), NOW)
			.context();
		RequestContext dropped = resolver(AddressPolicy.DROP, salts)
			.tracking(request("203.0.113.7", CHROME_WINDOWS), NOW)
			.context();
		RequestContext neighbour = resolver(AddressPolicy.TRUNCATE, salts)
			.tracking(request("203.0.113.8", CHROME_WINDOWS), NOW)
			.context();

		assertThat(dropped.visitorId()).isNotNull().isEqualTo(kept.visitorId());
		assertThat(neighbour.visitorId()).isNotEqualTo(kept.visitorId());
	}

	@Test
	void classifiesABeaconWhoseSdkUserAgentIsNotTheHeader() {
		assertThat(beacon(CHROME_WINDOWS, device(CHROME_WINDOWS, "Windows"))).isEqualTo(Automation.NONE);
		assertThat(beacon(CHROME_WINDOWS, device(CHROME_ANDROID, "Linux")))
			.isEqualTo(Automation.because(Reason.DEVICE_MISMATCH));
	}

	@Test
	void classifiesABeaconWhosePlatformDeniesTheHeadersOperatingSystem() {
		// A script on Linux that set a Windows user agent: navigator.platform still says Linux.
		assertThat(beacon(CHROME_WINDOWS, device(CHROME_WINDOWS, "Linux")))
			.isEqualTo(Automation.because(Reason.DEVICE_MISMATCH));
		assertThat(beacon(SAFARI_IPAD_DESKTOP, device(SAFARI_IPAD_DESKTOP, "Windows")))
			.isEqualTo(Automation.because(Reason.DEVICE_MISMATCH));
	}

	@Test
	void acceptsWhatRealDevicesReport() {
		// Android phones report a Linux platform; iPads in desktop mode a Mac.
		assertThat(beacon(CHROME_ANDROID, device(CHROME_ANDROID, "Linux"))).isEqualTo(Automation.NONE);
		assertThat(beacon(SAFARI_IPAD_DESKTOP, device(SAFARI_IPAD_DESKTOP, "macOS"))).isEqualTo(Automation.NONE);
		assertThat(beacon(CHROME_WINDOWS, device(null, null))).isEqualTo(Automation.NONE);
		assertThat(beacon(CHROME_WINDOWS, null)).isEqualTo(Automation.NONE);
		assertThat(beacon(CHROME_WINDOWS, device(CHROME_WINDOWS, "Unknown"))).isEqualTo(Automation.NONE);
	}

	@Test
	void aMachinesOwnVerdictComesBeforeTheDeviceCheck() {
		assertThat(beacon("curl/8.5.0", device(CHROME_WINDOWS, "Windows")))
			.isEqualTo(Automation.because(Reason.HTTP_LIBRARY));
	}

	@Test
	void keepsEverythingWhenAskedTo() {
		RequestContextResolver resolver = RequestContextResolver.keepingEverything();
		MockHttpServletRequest request = request("203.0.113.7", CHROME_WINDOWS);
		request.addHeader("Sec-GPC", "1");

		RequestContextResolver.Resolution resolution = resolver.tracking(request, NOW);

		assertThat(resolution.deliver()).isTrue();
		assertThat(resolution.context().clientIp()).isEqualTo("203.0.113.7");
		assertThat(resolution.context().userAgent()).isEqualTo(CHROME_WINDOWS);
		assertThat(resolution.context().visitorId()).isNull();
		assertThat(resolution.context().agent()).isNull();
		assertThat(resolver.droppedAnswer()).isEqualTo(DispatchResult.DELIVERED);
	}

	private static Automation beacon(String userAgent, DeviceInfo device) {
		BeaconPayload payload = new BeaconPayload("shop", "550e8400-e29b-41d4-a716-446655440000",
				"https://shop.example.com/", null, null, null, device, List.of(), null, null);
		return resolver(AddressPolicy.KEEP, new MemoryVisitorSaltStore())
			.beacon(request("203.0.113.7", userAgent), NOW, payload)
			.context()
			.automation();
	}

	private static DeviceInfo device(String userAgent, String os) {
		return new DeviceInfo(userAgent, null, os, 1920, 1080, "Desktop", "direct", Map.of());
	}

	private static RequestContext context(AddressPolicy policy, String address) {
		return resolver(policy, new MemoryVisitorSaltStore()).tracking(request(address, CHROME_WINDOWS), NOW).context();
	}

	private static RequestContextResolver resolver(AddressPolicy policy, VisitorSaltStore salts) {
		PrivacyProperties properties = new PrivacyProperties(SignalPolicy.ANONYMIZE, SignalPolicy.IGNORE, policy, 24,
				48, new PrivacyProperties.VisitorId(true), new PrivacyProperties.UserAgent(true, 100));
		return new RequestContextResolver(properties, BeaconTrafficProperties.AutomationPolicy.CLASSIFY, classifier,
				salts, DispatchResult.DELIVERED);
	}

	private static MockHttpServletRequest request(String address, String userAgent) {
		MockHttpServletRequest request = new MockHttpServletRequest("GET", "/t/open/x");
		request.setRemoteAddr(address);
		request.addHeader("User-Agent", userAgent);
		return request;
	}

}
