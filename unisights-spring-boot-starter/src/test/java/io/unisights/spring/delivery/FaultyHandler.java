package io.unisights.spring.delivery;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;

/**
 * A handler with injectable faults: fails the first attempts of each item, fails always,
 * fails at random, or blocks until released. Records what it delivered and how often each
 * item was attempted.
 */
class FaultyHandler implements EventHandler {

	private final Set<String> delivered = ConcurrentHashMap.newKeySet();

	private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();

	private final AtomicInteger deliveries = new AtomicInteger();

	private final Set<Thread> threads = ConcurrentHashMap.newKeySet();

	private final Set<String> failingIds = ConcurrentHashMap.newKeySet();

	private volatile int failFirst;

	private volatile boolean failAlways;

	private volatile double failureRate;

	private volatile CountDownLatch gate = new CountDownLatch(0);

	private volatile CountDownLatch entered = new CountDownLatch(0);

	@Override
	public void handle(Delivery delivery) throws Exception {
		this.threads.add(Thread.currentThread());
		this.entered.countDown();
		if (!this.gate.await(60, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Gate never opened");
		}
		int attempt = this.attempts.computeIfAbsent(delivery.id(), (id) -> new AtomicInteger()).incrementAndGet();
		if (this.failAlways || this.failingIds.contains(delivery.id())) {
			throw new IllegalStateException("store down for " + delivery.id());
		}
		if (attempt <= this.failFirst) {
			throw new java.io.IOException("attempt " + attempt + " failed");
		}
		if (this.failureRate > 0 && ThreadLocalRandom.current().nextDouble() < this.failureRate) {
			throw new IllegalStateException("flaky");
		}
		this.delivered.add(delivery.id());
		this.deliveries.incrementAndGet();
	}

	FaultyHandler failFirst(int attempts) {
		this.failFirst = attempts;
		return this;
	}

	FaultyHandler failAlways(boolean failAlways) {
		this.failAlways = failAlways;
		return this;
	}

	/** Makes every attempt of the given item fail. */
	FaultyHandler failAlways(String id) {
		this.failingIds.add(id);
		return this;
	}

	FaultyHandler failureRate(double failureRate) {
		this.failureRate = failureRate;
		return this;
	}

	/** Makes the next items wait in the handler until {@link #release()}. */
	FaultyHandler block() {
		this.gate = new CountDownLatch(1);
		this.entered = new CountDownLatch(1);
		return this;
	}

	void release() {
		this.gate.countDown();
	}

	/** Waits until an item is inside the handler, so the worker is known to be busy. */
	void awaitEntered() throws InterruptedException {
		if (!this.entered.await(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("No item reached the handler");
		}
	}

	Set<String> delivered() {
		return this.delivered;
	}

	/** The threads the handler ran on. */
	Set<Thread> threads() {
		return this.threads;
	}

	int deliveries() {
		return this.deliveries.get();
	}

	int attempts(String id) {
		AtomicInteger count = this.attempts.get(id);
		return (count != null) ? count.get() : 0;
	}

	void reset() {
		this.release();
		this.delivered.clear();
		this.attempts.clear();
		this.deliveries.set(0);
		this.failFirst = 0;
		this.failAlways = false;
		this.failingIds.clear();
		this.failureRate = 0;
	}

}
