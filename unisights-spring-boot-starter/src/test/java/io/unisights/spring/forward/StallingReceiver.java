package io.unisights.spring.forward;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A webhook receiver on a raw loopback socket that misbehaves the way slow or hostile
 * peers do: it answers the status line and headers at once and then holds the body back,
 * either stalling outright or trickling one byte at a time. It never finishes by itself
 * before {@link #close()}; it records how much of the body it managed to write before the
 * client hung up.
 */
final class StallingReceiver implements AutoCloseable {

	/** Body length announced in {@code Content-Length}, far more than is ever sent. */
	static final int ANNOUNCED = 1_000_000;

	private final ServerSocket server;

	private final int status;

	private final long trickleMillis;

	private final Thread acceptor;

	private final CountDownLatch hungUp = new CountDownLatch(1);

	private final CountDownLatch closed = new CountDownLatch(1);

	private final AtomicInteger written = new AtomicInteger();

	private volatile Socket client;

	/**
	 * Starts a receiver.
	 * @param status the status to answer, or -1 to answer nothing at all
	 * @param trickleMillis 0 to stall after the headers; otherwise write one body byte each
	 * this many milliseconds
	 */
	StallingReceiver(int status, long trickleMillis) throws IOException {
		this.server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		this.status = status;
		this.trickleMillis = trickleMillis;
		this.acceptor = new Thread(this::serve, "stalling-receiver");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	URI url() {
		return URI.create("http://127.0.0.1:" + this.server.getLocalPort() + "/hook");
	}

	/** Waits until the client closed the connection, for at most the given bound. */
	boolean awaitHangUp(long seconds) throws InterruptedException {
		return this.hungUp.await(seconds, TimeUnit.SECONDS);
	}

	int bodyBytesWritten() {
		return this.written.get();
	}

	private void serve() {
		try (Socket socket = this.server.accept()) {
			this.client = socket;
			readRequest(socket.getInputStream());
			OutputStream out = socket.getOutputStream();
			if (this.status > 0) {
				out.write(("HTTP/1.1 " + this.status + " Whatever\r\nContent-Type: text/plain\r\nContent-Length: "
						+ ANNOUNCED + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
				out.flush();
			}
			if (this.status <= 0 || this.trickleMillis == 0) {
				// Stall: nothing more is sent, so the read ends only when the client hangs up
				// (end of stream, or a reset thrown as IOException below).
				int next = socket.getInputStream().read();
				if (next == -1) {
					this.hungUp.countDown();
				}
				this.closed.await();
				return;
			}
			while (this.written.get() < ANNOUNCED && !socket.isClosed()) {
				out.write('x');
				out.flush();
				this.written.incrementAndGet();
				if (this.closed.await(this.trickleMillis, TimeUnit.MILLISECONDS)) {
					return;
				}
			}
		}
		catch (IOException ex) {
			// Broken pipe or reset: the client hung up mid-body.
			this.hungUp.countDown();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void readRequest(InputStream in) throws IOException {
		StringBuilder head = new StringBuilder();
		int next;
		while (!head.toString().endsWith("\r\n\r\n") && (next = in.read()) != -1) {
			head.append((char) next);
		}
		int length = 0;
		for (String line : head.toString().split("\r\n")) {
			if (line.toLowerCase(java.util.Locale.ROOT).startsWith("content-length:")) {
				length = Integer.parseInt(line.substring("content-length:".length()).trim());
			}
		}
		in.readNBytes(length);
	}

	@Override
	public void close() throws IOException {
		this.closed.countDown();
		this.server.close();
		Socket socket = this.client;
		if (socket != null) {
			socket.close();
		}
	}

}
