package io.unisights.spring.web;

import java.io.IOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

/**
 * Reads a request body without holding a request thread while the sender is slow: what
 * the container already holds is taken at once (most beacons arrive with their headers),
 * the rest through the servlet container's non-blocking reads, and a body still arriving
 * at the deadline is ended. The outcome is left in a request attribute for
 * {@link RequestBodies#read}, and the request dispatched again to its endpoint, which
 * answers as it would have after a blocking read.
 * <p>
 * A request thread blocked in a read of a trickling body was what let 200 slow senders
 * stop the collector: Tomcat has 200 request threads. Memory still grows with what the
 * senders send, at most the size limit per connection, which {@code
 * server.tomcat.max-connections} bounds.
 * <p>
 * A body over the limit by at most {@link #DRAIN_MAX} is read to its end and thrown away
 * before it is answered 413, within the body timeout too. Answering and closing while the
 * sender still sends resets the connection: the sender's next write fails with a broken
 * pipe, and it never reads the 413. A body still larger is not read at all. (A sender
 * that asks with {@code Expect: 100-continue} is drained alike: Tomcat answers
 * {@code 100 Continue} as soon as it has read the headers.)
 */
final class BodyRead implements ReadListener, AsyncListener {

	/** The attribute holding the {@link Outcome} of a body read by this class. */
	static final String ATTRIBUTE = BodyRead.class.getName() + ".OUTCOME";

	/** The attribute that marks a request this class dispatched again. */
	private static final String DISPATCHED = BodyRead.class.getName() + ".DISPATCHED";

	/** Bodies up to this size get a buffer of their declared size, so no copy at the end. */
	private static final int EXACT_BUFFER_MAX = 64 * 1024;

	private static final int INITIAL_BUFFER = 8 * 1024;

	/** How far past the limit a body is read and thrown away before the 413. */
	static final long DRAIN_MAX = 1024 * 1024;

	/**
	 * Where drained bytes go. One buffer for every connection: what is written to it is
	 * never read, so concurrent reads into it do no harm, and a flood of over-limit bodies
	 * costs no memory per connection.
	 */
	private static final byte[] DISCARDED = new byte[INITIAL_BUFFER];

	private final HttpServletRequest request;

	private final ServletInputStream in;

	private final long max;

	private final long declared;

	private final Duration timeout;

	private byte[] buffer = new byte[0];

	private int length;

	private final AtomicBoolean settled = new AtomicBoolean();

	/** Whether the body is over the limit and read only to be thrown away. */
	private boolean draining;

	private @Nullable AsyncContext async;

	private BodyRead(HttpServletRequest request, ServletInputStream in, long max, long declared, Duration timeout) {
		this.request = request;
		this.in = in;
		this.max = max;
		this.declared = declared;
		this.timeout = timeout;
	}

	/**
	 * Reads the body of a request, or starts reading it asynchronously. A body over the
	 * limit is drained the same way (see the class), up to {@link #DRAIN_MAX} past the
	 * limit. A body that the endpoint never reads (one longer still, or sent with a
	 * request that the endpoint answers without one) is not read either; the request goes
	 * on asynchronously at once and its connection is closed after the answer: the
	 * container drains a body it was not given after the answer, and a blocking drain of a
	 * trickling body held a request thread as long as a blocking read did.
	 * @param request the request
	 * @param response its response
	 * @param max the largest body the endpoint reads, in bytes; {@code -1} when it reads
	 * none
	 * @param timeout how long the body may take to arrive
	 * @return whether the request goes on asynchronously (dispatched again once its body is
	 * read or drained), and must not be passed on now
	 * @throws IOException when the body cannot be read
	 */
	static boolean start(HttpServletRequest request, HttpServletResponse response, long max, Duration timeout)
			throws IOException {
		long declared = request.getContentLengthLong();
		if (declared == 0 || !request.isAsyncSupported() || (declared < 0
				&& request.getHeader("Transfer-Encoding") == null && request.getProtocol().startsWith("HTTP/1."))) {
			// No body (HTTP/1.1 has one only with a length or chunks), or a container that
			// cannot read without blocking: the endpoint's own read answers.
			return false;
		}
		ServletInputStream in = request.getInputStream();
		if (in.isFinished()) {
			return false;
		}
		boolean post = max >= 0 && "POST".equals(request.getMethod());
		boolean tooLarge = post && declared > max;
		BodyRead read = new BodyRead(request, in, Math.max(max, 0), declared, timeout);
		if (post && !tooLarge && read.readWhatIsThere()) {
			Outcome outcome = read.outcome();
			if (outcome != Outcome.TOO_LARGE) {
				request.setAttribute(ATTRIBUTE, outcome);
				return false;
			}
			// A chunked body over the limit: the rest is drained or left unread, as below.
			tooLarge = true;
		}
		boolean reads = post && !tooLarge;
		if (tooLarge && read.drains()) {
			read.draining = true;
			read.buffer = new byte[0];
			if (read.readWhatIsThere() && read.isComplete()) {
				// All of it had arrived: nothing is left for the container to drain.
				request.setAttribute(ATTRIBUTE, Outcome.TOO_LARGE);
				return false;
			}
			// The rest is drained without this thread; a body longer than the drain is cut.
			reads = read.length <= read.max + DRAIN_MAX;
		}
		AsyncContext async = request.startAsync(request, response);
		request.setAttribute(DISPATCHED, Boolean.TRUE);
		read.async = async;
		async.setTimeout(Math.max(1, timeout.toMillis()));
		async.addListener(read);
		if (tooLarge) {
			response.setHeader("Connection", "close");
		}
		if (!reads) {
			// Nothing (more) is read: the request goes on at once. Closing the connection
			// after the answer of an asynchronous request spares the drain of the unread
			// body, which the container would otherwise do with blocking reads.
			read.settled.set(true);
			response.setHeader("Connection", "close");
			if (tooLarge) {
				request.setAttribute(ATTRIBUTE, Outcome.TOO_LARGE);
			}
		}
		in.setReadListener(read);
		if (!reads) {
			async.dispatch();
		}
		return true;
	}

	/**
	 * Whether an asynchronous dispatch of a request is the one after its body was read
	 * (or left unread) here.
	 * @param request the request
	 * @return whether this class dispatched it
	 */
	static boolean dispatched(HttpServletRequest request) {
		return request.getAttribute(DISPATCHED) != null;
	}

	/** Whether a body over the limit is drained before its 413: unless it declares more. */
	private boolean drains() {
		return this.declared <= this.max + DRAIN_MAX;
	}

	/**
	 * Reads what can be read without blocking.
	 * @return whether the body is complete, or known to be too large
	 */
	private boolean readWhatIsThere() throws IOException {
		while (this.in.available() > 0) {
			if (readOnce()) {
				return true;
			}
		}
		return isComplete();
	}

	/**
	 * Reads once into the buffer.
	 * @return whether the body is complete, or known to be too large
	 */
	private boolean readOnce() throws IOException {
		if (this.draining) {
			int read = this.in.read(DISCARDED, 0, DISCARDED.length);
			if (read < 0) {
				return true;
			}
			this.length += read;
			return isComplete() || this.length > this.max + DRAIN_MAX;
		}
		if (this.length == this.buffer.length) {
			// Never the declared size of a large body up front: a flood of connections that
			// declare the limit and send little would otherwise hold the limit each.
			long size = (this.buffer.length > 0) ? (long) this.buffer.length * 2
					: (this.declared > 0 && this.declared <= EXACT_BUFFER_MAX) ? this.declared : INITIAL_BUFFER;
			this.buffer = Arrays.copyOf(this.buffer, (int) Math.min(this.max + 1, size));
		}
		int read = this.in.read(this.buffer, this.length, this.buffer.length - this.length);
		if (read < 0) {
			return true;
		}
		this.length += read;
		return this.length > this.max || isComplete();
	}

	private boolean isComplete() {
		return (this.declared > 0 && this.length >= this.declared) || this.in.isFinished();
	}

	private Outcome outcome() {
		if (this.draining || this.length > this.max) {
			return Outcome.TOO_LARGE;
		}
		byte[] body = (this.length == this.buffer.length) ? this.buffer : Arrays.copyOf(this.buffer, this.length);
		return new Outcome(body, null, null);
	}

	@Override
	public void onDataAvailable() throws IOException {
		if (this.settled.get()) {
			return;
		}
		while (this.in.isReady()) {
			if (readOnce()) {
				settle(outcome());
				return;
			}
		}
	}

	@Override
	public void onAllDataRead() {
		settle(outcome());
	}

	@Override
	public void onError(Throwable failure) {
		settle(new Outcome(null, null, failure));
	}

	@Override
	public void onTimeout(AsyncEvent event) {
		// A drained body was over the limit whatever else was to come.
		settle(this.draining ? Outcome.TOO_LARGE : new Outcome(null, this.timeout, null));
	}

	@Override
	public void onError(AsyncEvent event) {
		Throwable failure = event.getThrowable();
		settle(new Outcome(null, null, (failure != null) ? failure : new IOException("Request body read failed")));
	}

	@Override
	public void onComplete(AsyncEvent event) {
	}

	@Override
	public void onStartAsync(AsyncEvent event) {
	}

	/** Hands the outcome to the endpoint, once, whatever came first. */
	private void settle(Outcome outcome) {
		AsyncContext context = this.async;
		if (context != null && this.settled.compareAndSet(false, true)) {
			this.request.setAttribute(ATTRIBUTE, outcome);
			context.dispatch();
		}
	}

	/**
	 * How a body read ended: its bytes, or the deadline it missed, or why it could not
	 * be read; none of them set means the body was over the limit.
	 *
	 * @param body the body as sent
	 * @param missedDeadline the body timeout, when the body was still arriving at it
	 * @param failure why the body could not be read
	 */
	record Outcome(byte @Nullable [] body, @Nullable Duration missedDeadline, @Nullable Throwable failure) {

		static final Outcome TOO_LARGE = new Outcome(null, null, null);

	}

}
