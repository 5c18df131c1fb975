package io.unisights.spring.delivery;

import java.util.concurrent.ThreadFactory;

import org.springframework.boot.system.JavaVersion;
import org.springframework.core.task.VirtualThreadTaskExecutor;
import org.springframework.scheduling.concurrent.CustomizableThreadFactory;

/**
 * Makes the asynchronous workers' threads. Spring's {@link VirtualThreadTaskExecutor}
 * reaches virtual threads without this code needing Java 21 to compile.
 */
final class WorkerThreads {

	static final String PREFIX = "unisights-delivery-";

	private WorkerThreads() {
	}

	static boolean virtualThreadsAvailable() {
		return JavaVersion.getJavaVersion().isEqualOrNewerThan(JavaVersion.TWENTY_ONE);
	}

	static ThreadFactory factory(boolean preferVirtual) {
		if (preferVirtual && virtualThreadsAvailable()) {
			return new VirtualThreadTaskExecutor(PREFIX).getVirtualThreadFactory();
		}
		CustomizableThreadFactory factory = new CustomizableThreadFactory(PREFIX);
		// The context's shutdown drains the queue; workers must not keep a JVM alive
		// whose context was never closed.
		factory.setDaemon(true);
		return factory;
	}

}
