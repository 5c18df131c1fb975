package io.unisights.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Thread CPU time and allocation of a few operations measured side by side in one JVM:
 * a batch of each in turn, many times over. On a shared machine a batch the scheduler
 * interrupted only ever reads slower, so the minimum over the batches is the steadiest
 * figure; the allocation is the thread's own counter, which the machine's load does not move.
 */
final class InterleavedCpuTime {

	private final List<Candidate> candidates = new ArrayList<>();

	/** Adds an operation; its result only keeps the JIT from discarding the work. */
	InterleavedCpuTime add(String name, Operation operation) {
		this.candidates.add(new Candidate(name, operation));
		return this;
	}

	/**
	 * Runs {@code warmUp} rounds of every operation unmeasured, then {@code batches}
	 * measured ones.
	 * @param perBatch operations per batch: about a millisecond is long against the clock's
	 * resolution and short against a time slice
	 * @return the candidates in the order added, with their figures
	 */
	List<Candidate> measure(int warmUp, int batches, int perBatch) {
		long sink = 0;
		for (int round = 0; round < warmUp; round++) {
			for (Candidate candidate : this.candidates) {
				for (int i = 0; i < perBatch; i++) {
					sink += candidate.operation.run();
				}
			}
		}
		java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		com.sun.management.ThreadMXBean allocation = (com.sun.management.ThreadMXBean) threads;
		long thread = Thread.currentThread().getId();
		for (Candidate candidate : this.candidates) {
			candidate.times = new double[batches];
		}
		for (int batch = 0; batch < batches; batch++) {
			for (Candidate candidate : this.candidates) {
				long allocatedBefore = allocation.getThreadAllocatedBytes(thread);
				long before = threads.getCurrentThreadCpuTime();
				for (int i = 0; i < perBatch; i++) {
					sink += candidate.operation.run();
				}
				long nanos = threads.getCurrentThreadCpuTime() - before;
				long allocated = allocation.getThreadAllocatedBytes(thread) - allocatedBefore;
				candidate.times[batch] = nanos / (double) perBatch;
				candidate.allocated = Math.min(candidate.allocated, allocated / perBatch);
			}
		}
		for (Candidate candidate : this.candidates) {
			Arrays.sort(candidate.times);
		}
		if (sink == 42) {
			System.out.println();
		}
		return List.copyOf(this.candidates);
	}

	/** One operation under measurement. */
	@FunctionalInterface
	interface Operation {

		long run();

	}

	/** An operation and, once measured, its nanoseconds per operation by batch, sorted. */
	static final class Candidate {

		final String name;

		private final Operation operation;

		private double[] times = new double[0];

		/** The least a batch allocated per operation. */
		long allocated = Long.MAX_VALUE;

		private Candidate(String name, Operation operation) {
			this.name = name;
			this.operation = operation;
		}

		/** Nanoseconds per operation at the given percentile of the batches (0: the minimum). */
		double nanos(int percentile) {
			return this.times[this.times.length * percentile / 100];
		}

	}

}
