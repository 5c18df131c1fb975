package io.unisights.spring.forward;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * A webhook URL split into what is sent and what may be shown. Receivers often carry a
 * credential in the URL ({@code https://user:pass@host/hook} or {@code ?token=…}), so logs,
 * exception messages, dead letters and observations only ever see the {@linkplain #masked()
 * masked} form, with user-info and query replaced by {@code ***}.
 * <p>
 * User-info is sent as HTTP Basic authentication, as browsers and curl do, and never as
 * part of the request target.
 */
final class WebhookUrl {

	private static final String MASK = "***";

	private final URI target;

	private final String masked;

	private final @Nullable String authorization;

	/** Every raw and decoded form of a secret part, longest first, for {@link #scrub}. */
	private final List<String> secrets;

	private WebhookUrl(URI target, String masked, @Nullable String authorization, List<String> secrets) {
		this.target = target;
		this.masked = masked;
		this.authorization = authorization;
		this.secrets = secrets;
	}

	/**
	 * Checks and splits a configured URL.
	 * @param url an absolute http or https URL
	 * @return the split URL
	 * @throws IllegalArgumentException for any other URL; the message shows it masked
	 */
	static WebhookUrl of(URI url) {
		String scheme = (url.getScheme() != null) ? url.getScheme().toLowerCase(Locale.ROOT) : "";
		if (!(scheme.equals("http") || scheme.equals("https")) || url.getHost() == null) {
			throw new IllegalArgumentException(
					"webhook URL must be an absolute http or https URL but was " + mask(url));
		}
		String userInfo = url.getRawUserInfo();
		String query = url.getRawQuery();
		String target = scheme + "://" + url.getHost() + ((url.getPort() != -1) ? ":" + url.getPort() : "")
				+ ((url.getRawPath() != null) ? url.getRawPath() : "") + ((query != null) ? "?" + query : "");
		List<String> secrets = new ArrayList<>();
		addSecret(secrets, url.toString());
		addSecret(secrets, url.toASCIIString());
		addSecret(secrets, userInfo);
		addSecret(secrets, url.getUserInfo());
		addSecret(secrets, query);
		addSecret(secrets, url.getQuery());
		if (url.getUserInfo() != null) {
			for (String part : url.getUserInfo().split(":", 2)) {
				addSecret(secrets, part);
			}
		}
		secrets.sort(Comparator.comparingInt(String::length).reversed());
		String authorization = (url.getUserInfo() != null) ? "Basic " + Base64.getEncoder()
			.encodeToString(url.getUserInfo().getBytes(StandardCharsets.UTF_8)) : null;
		return new WebhookUrl(URI.create(target), mask(url), authorization, List.copyOf(secrets));
	}

	/**
	 * Masks a URL without checking it, for {@code toString()} of configuration.
	 * @param url any URL
	 * @return the URL with user-info and query masked
	 */
	static String mask(URI url) {
		if (url.getHost() == null) {
			return maskOpaque(url);
		}
		return ((url.getScheme() != null) ? url.getScheme() + "://" : "//")
				+ ((url.getRawUserInfo() != null) ? MASK + "@" : "") + url.getHost()
				+ ((url.getPort() != -1) ? ":" + url.getPort() : "")
				+ ((url.getRawPath() != null) ? url.getRawPath() : "")
				+ ((url.getRawQuery() != null) ? "?" + MASK : "");
	}

	private static void addSecret(List<String> secrets, @Nullable String secret) {
		// One- and two-character parts (a user named "a") would mask ordinary text.
		if (secret != null && secret.length() > 2 && !secrets.contains(secret)) {
			secrets.add(secret);
		}
	}

	private static String maskOpaque(URI url) {
		return ((url.getScheme() != null) ? url.getScheme() + ":" : "") + MASK;
	}

	/** The URL requests go to: user-info removed, query kept (the receiver needs it). */
	URI target() {
		return this.target;
	}

	/** The URL as it may appear in logs, errors and observations. */
	String masked() {
		return this.masked;
	}

	/** The {@code Authorization} header the user-info stands for, if there is user-info. */
	@Nullable String authorization() {
		return this.authorization;
	}

	/**
	 * Masks every secret part of the URL in a text, such as an exception message that
	 * quotes the request URL.
	 * @param text the text, or {@code null}
	 * @return the text with the URL masked, or {@code null}
	 */
	@Nullable String scrub(@Nullable String text) {
		if (text == null) {
			return null;
		}
		String scrubbed = text.replace(this.target.toString(), this.masked);
		for (String secret : this.secrets) {
			scrubbed = scrubbed.replace(secret, MASK);
		}
		return scrubbed;
	}

	/**
	 * Returns whether any message in an exception's cause chain shows a secret part of the
	 * URL, so that it must not be kept as the cause of what is logged.
	 * @param error the exception
	 * @return whether it leaks
	 */
	boolean leaks(Throwable error) {
		for (Throwable current = error; current != null; current = current.getCause()) {
			String message = current.getMessage();
			if (message != null && !message.equals(scrub(message))) {
				return true;
			}
			if (current.getCause() == current) {
				break;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return this.masked;
	}

}
