package io.unisights.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The floor for the load benchmark: reads a request body and discards it, answering the
 * same small JSON the beacon endpoint does, through the same server and filters.
 */
@RestController
class BaselineController {

	private static final Map<String, Object> ANSWER = Map.of("status", "discarded");

	@PostMapping("/sample/baseline")
	Map<String, Object> discard(HttpServletRequest request) throws IOException {
		try (InputStream body = request.getInputStream()) {
			body.transferTo(OutputStreamSink.INSTANCE);
		}
		return ANSWER;
	}

	/** Swallows bytes without keeping them. */
	private static final class OutputStreamSink extends OutputStream {

		static final OutputStreamSink INSTANCE = new OutputStreamSink();

		@Override
		public void write(int b) {
		}

		@Override
		public void write(byte[] b, int off, int len) {
		}

	}

}
