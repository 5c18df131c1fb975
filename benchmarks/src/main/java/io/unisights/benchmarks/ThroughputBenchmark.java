package io.unisights.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The one measurement regime every JMH benchmark here runs under, so that their figures in
 * {@code BENCHMARKS.md} are comparable and a change to it (more iterations on a noisy
 * machine, say) reaches them all: operations per second, three 2 s warm-up and five 2 s
 * measured iterations in one fork. JMH reads these annotations from the superclass; each
 * benchmark still declares its own {@code @State} scope.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public abstract class ThroughputBenchmark {

}
