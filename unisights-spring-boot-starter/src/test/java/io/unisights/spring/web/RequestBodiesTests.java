package io.unisights.spring.web;

import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RequestBodiesTests {

	private static final DataSize LIMIT = DataSize.ofBytes(100);

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void readsABodyOfExactlyTheLimit(boolean declared) {
		byte[] body = filled(100);
		assertThat(RequestBodies.read(request(body, declared), LIMIT)).isEqualTo(body);
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void readsSmallBodies(boolean declared) {
		byte[] body = filled(7);
		assertThat(RequestBodies.read(request(body, declared), LIMIT)).isEqualTo(body);
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void refusesOneByteOverTheLimit(boolean declared) {
		assertThatExceptionOfType(ProblemException.class)
			.isThrownBy(() -> RequestBodies.read(request(filled(101), declared), LIMIT))
			.satisfies((ex) -> assertThat(ex.getProblemType()).isEqualTo(ProblemType.PAYLOAD_TOO_LARGE));
	}

	@ParameterizedTest
	@ValueSource(booleans = { true, false })
	void refusesAnEmptyBody(boolean declared) {
		assertThatExceptionOfType(ProblemException.class)
			.isThrownBy(() -> RequestBodies.read(request(new byte[0], declared), LIMIT))
			.satisfies((ex) -> assertThat(ex.getProblemType()).isEqualTo(ProblemType.EMPTY_BODY));
	}

	@Test
	void readsWhatArrivesWhenTheDeclaredLengthIsShort() {
		byte[] body = filled(60);
		MockHttpServletRequest request = new MockHttpServletRequest() {

			@Override
			public long getContentLengthLong() {
				return 20;
			}

		};
		request.setContent(body);
		assertThat(RequestBodies.read(request, LIMIT)).isEqualTo(body);
	}

	private static MockHttpServletRequest request(byte[] body, boolean declared) {
		MockHttpServletRequest request = declared ? new MockHttpServletRequest() : new MockHttpServletRequest() {

			@Override
			public long getContentLengthLong() {
				return -1;
			}

		};
		request.setContent(body);
		return request;
	}

	private static byte[] filled(int length) {
		byte[] body = new byte[length];
		Arrays.fill(body, (byte) 'x');
		return body;
	}

}
