package io.unisights.spring.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.util.unit.DataSize;

/**
 * Reads request bodies for the collector's endpoints, checking the media type and never
 * holding more than the configured limit in memory. A body that {@link EndpointFilter}
 * read before the request reached its endpoint, without holding a request thread, is
 * taken from there.
 */
public final class RequestBodies {

	private static final int INITIAL_BUFFER = 8 * 1024;

	private RequestBodies() {
	}

	/**
	 * Refuses a request whose {@code Content-Type} is absent or not included in one of
	 * the accepted types.
	 * @param request the request
	 * @param accepted the media types the endpoint reads; wildcards such as
	 * {@code application/*+json} are allowed
	 * @throws ProblemException with {@link ProblemType#UNSUPPORTED_MEDIA_TYPE}
	 */
	public static void requireMediaType(HttpServletRequest request, List<MediaType> accepted) {
		String contentType = request.getContentType();
		if (contentType == null || contentType.isBlank()) {
			throw unsupported("Content-Type is required; send one of " + accepted);
		}
		// The common case, a bare "application/json", needs no parsing.
		for (MediaType candidate : accepted) {
			if (candidate.isConcrete() && candidate.getParameters().isEmpty()
					&& contentType.equalsIgnoreCase(candidate.toString())) {
				return;
			}
		}
		MediaType mediaType;
		try {
			mediaType = MediaType.parseMediaType(contentType);
		}
		catch (InvalidMediaTypeException ex) {
			throw unsupported("Content-Type '" + contentType + "' cannot be parsed; send one of " + accepted);
		}
		for (MediaType candidate : accepted) {
			if (candidate.includes(mediaType)) {
				return;
			}
		}
		throw unsupported("Content-Type '" + mediaType.getType() + "/" + mediaType.getSubtype()
				+ "' is not accepted; send one of " + accepted);
	}

	private static ProblemException unsupported(String detail) {
		return new ProblemException(ProblemType.UNSUPPORTED_MEDIA_TYPE, null, detail);
	}

	/**
	 * Reads the whole body, refusing it as soon as it is known to exceed the limit: up
	 * front from {@code Content-Length}, or while streaming a chunked body, so that no
	 * more than {@code limit} bytes are ever buffered.
	 * @param request the request
	 * @param limit the largest body accepted
	 * @return the body bytes, never empty
	 * @throws ProblemException with {@link ProblemType#PAYLOAD_TOO_LARGE} or
	 * {@link ProblemType#EMPTY_BODY}
	 */
	public static byte[] read(HttpServletRequest request, DataSize limit) {
		long max = limit.toBytes();
		if (request.getAttribute(BodyRead.ATTRIBUTE) instanceof BodyRead.Outcome outcome) {
			return read(outcome, max);
		}
		long declared = request.getContentLengthLong();
		if (declared > max) {
			throw tooLarge(max);
		}
		// Sized to the declared length, a well-behaved body is read without a final copy;
		// only a body that turns out longer (or undeclared) grows the buffer.
		byte[] buffer = new byte[(int) Math.min(max + 1, (declared > 0) ? declared : INITIAL_BUFFER)];
		int length = 0;
		try (InputStream in = request.getInputStream()) {
			while (true) {
				if (length == buffer.length) {
					int next = in.read();
					if (next < 0) {
						break;
					}
					if (length + 1 > max) {
						throw tooLarge(max);
					}
					buffer = Arrays.copyOf(buffer, (int) Math.min(max + 1, Math.max((long) buffer.length * 2, 16)));
					buffer[length++] = (byte) next;
					continue;
				}
				int read = in.read(buffer, length, buffer.length - length);
				if (read < 0) {
					break;
				}
				length += read;
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Failed to read request body", ex);
		}
		if (length > max) {
			throw tooLarge(max);
		}
		if (length == 0) {
			throw new ProblemException(ProblemType.EMPTY_BODY, null, "Request body is empty");
		}
		return (length == buffer.length) ? buffer : Arrays.copyOf(buffer, length);
	}

	/** The body as {@link EndpointFilter} read it before the request reached its endpoint. */
	private static byte[] read(BodyRead.Outcome outcome, long max) {
		if (outcome.missedDeadline() != null) {
			// PT3S reads as 3s, as the property is written.
			throw new ProblemException(ProblemType.BODY_TIMEOUT, null, "The request body did not arrive within "
					+ outcome.missedDeadline().toString().substring(2).toLowerCase(Locale.ROOT)
					+ " (unisights.body-timeout)");
		}
		if (outcome.failure() != null) {
			throw new UncheckedIOException("Failed to read request body",
					(outcome.failure() instanceof IOException io) ? io : new IOException(outcome.failure()));
		}
		byte[] body = outcome.body();
		if (body == null || body.length > max) {
			throw tooLarge(max);
		}
		if (body.length == 0) {
			throw new ProblemException(ProblemType.EMPTY_BODY, null, "Request body is empty");
		}
		return body;
	}

	private static ProblemException tooLarge(long max) {
		return new ProblemException(ProblemType.PAYLOAD_TOO_LARGE, null,
				"Request body exceeds the limit of " + max + " bytes");
	}

}
