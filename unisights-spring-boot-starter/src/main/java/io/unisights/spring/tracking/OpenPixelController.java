package io.unisights.spring.tracking;

import jakarta.servlet.http.HttpServletRequest;

import io.unisights.spring.OpenDelivery;
import io.unisights.spring.web.UnisightsEndpoint;
import io.unisights.tracking.TrackingToken;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

/**
 * Serves the open pixel at {@code unisights.tracking.open-path}: verifies the link,
 * dispatches an {@link OpenDelivery} and answers a 1×1 transparent GIF that is never
 * cached. Invalid links get 404.
 */
@RestController
@UnisightsEndpoint
public final class OpenPixelController {

	/** The smallest transparent GIF: 1×1, one transparent colour. */
	private static final byte[] PIXEL = { 'G', 'I', 'F', '8', '9', 'a', 1, 0, 1, 0, (byte) 0x80, 0, 0, 0, 0, 0,
			(byte) 0xFF, (byte) 0xFF, (byte) 0xFF, '!', (byte) 0xF9, 4, 1, 0, 0, 0, 0, ',', 0, 0, 0, 0, 1, 0, 1, 0, 0,
			2, 2, 'D', 1, 0, ';' };

	private final TrackingRequests requests;

	OpenPixelController(TrackingRequests requests) {
		this.requests = requests;
	}

	/**
	 * Records an open and answers the pixel.
	 * @param token the link token
	 * @param request the request, for its context and method
	 * @return the pixel
	 */
	@RequestMapping(path = { "${unisights.tracking.open-path:/t/open}/{token}",
			"${unisights.tracking.open-path:/t/open}/{token}/" }, method = { RequestMethod.GET, RequestMethod.HEAD })
	public ResponseEntity<byte[]> open(@PathVariable String token, HttpServletRequest request) {
		TrackingToken verified = this.requests.verify(token, TrackingToken.Kind.OPEN);
		this.requests.dispatch(request, verified, OpenDelivery::new);
		HttpHeaders headers = TrackingRequests.noStoreHeaders();
		headers.setContentType(MediaType.IMAGE_GIF);
		headers.setContentLength(PIXEL.length);
		return ResponseEntity.ok().headers(headers).body(PIXEL);
	}

}
