package io.unisights.spring.test;

import org.junit.jupiter.api.BeforeEach;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Base of the tests that post to the collector over real HTTP and read what reached a
 * {@link RecordingEventHandler}: the server's port, a client for it, and the handler,
 * emptied before each test since the application context is shared between tests.
 */
public abstract class EndpointTestSupport {

	/** The port the test's server listens on. */
	@LocalServerPort
	protected int port;

	/** The handler the test application registers. */
	@Autowired
	protected RecordingEventHandler handler;

	/** A client for the server. */
	protected Http http;

	@BeforeEach
	protected void openClientAndEmptyHandler() {
		this.http = new Http(this.port);
		this.handler.reset();
	}

}
