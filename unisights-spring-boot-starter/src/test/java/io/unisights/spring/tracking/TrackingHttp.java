package io.unisights.spring.tracking;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

/** Requests to the tracking endpoints on loopback, as a mail client or scanner makes them. */
final class TrackingHttp {

	static final String THUNDERBIRD = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Thunderbird/128.3.1";

	private final HttpClient client = HttpClient.newBuilder()
		.connectTimeout(Duration.ofSeconds(5))
		.followRedirects(HttpClient.Redirect.NEVER)
		.build();

	private final String base;

	TrackingHttp(int port) {
		this.base = "http://127.0.0.1:" + port;
	}

	/** Sends a request to the path of a link (its scheme and host are replaced by the test server's). */
	HttpResponse<byte[]> send(String method, String link, @Nullable String userAgent) {
		String path = link.startsWith("/") ? link : URI.create(link).getRawPath();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.base + path))
			.timeout(Duration.ofSeconds(30))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.header("Accept", "image/avif,image/webp,image/*,*/*;q=0.8");
		if (userAgent != null) {
			request.header("User-Agent", userAgent);
		}
		try {
			return this.client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	HttpResponse<byte[]> get(String link) {
		return send("GET", link, THUNDERBIRD);
	}

}
