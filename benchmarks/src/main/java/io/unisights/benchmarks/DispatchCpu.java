package io.unisights.benchmarks;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

import io.unisights.beacon.BeaconDecoder;
import io.unisights.beacon.DecodedBeacon;
import io.unisights.spring.BeaconDelivery;
import io.unisights.spring.Delivery;
import io.unisights.spring.EventHandler;
import io.unisights.spring.RequestContext;
import io.unisights.spring.delivery.DeliveryIds;
import io.unisights.spring.delivery.EventDispatcher;

import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Thread CPU time and allocation of what the beacon endpoint does after the decode, in the
 * sample app's own context as {@code load.sh} starts it (synchronous delivery, duplicate
 * suppression off, Boot's observation registry and meter registry): the minimum of many
 * interleaved batches in one JVM, like {@link DecodeCpuComparison}. Besides the whole
 * dispatch of a decoded 100-event beacon it measures each of its two observations alone
 * (start, scope, stop through the app's registry and the default conventions) and the
 * handler alone, so that what each part costs can be told apart.
 * <p>
 * With a third argument, the delivery classes compiled in that class directory or jar (for
 * example an older build's {@code unisights-spring-boot-starter/target/classes}) dispatch
 * and observe beside the current ones, in their own class loader, with the same handler
 * and registries in the same JVM.
 * <p>
 * Run it with the sample app's classes, so that its context is the one measured:
 * {@code java -cp benchmarks/target/classes:sample-app/target/classes:$(cat sample-app/target/classpath.txt)
 * io.unisights.benchmarks.DispatchCpu [events [batches [other-build-classes]]]} (after {@code load.sh} has built
 * them, or {@code mvn -pl sample-app,benchmarks -am package dependency:build-classpath
 * -Dmdep.outputFile=target/classpath.txt}).
 */
public final class DispatchCpu {

	private static final String DELIVERY = "io.unisights.spring.delivery.";

	private static final String PACKAGE = DELIVERY + "observation.";

	private DispatchCpu() {
	}

	public static void main(String[] args) throws Exception {
		int events = (args.length > 0) ? Integer.parseInt(args[0]) : 100;
		int batches = (args.length > 1) ? Integer.parseInt(args[1]) : 400;
		URL other = (args.length > 2) ? Path.of(args[2]).toUri().toURL() : null;
		ConfigurableApplicationContext context = SpringApplication.run(
				Class.forName("io.unisights.sample.SampleApplication"), "--server.port=0",
				"--unisights.delivery.mode=sync", "--unisights.delivery.store=memory",
				"--unisights.delivery.dedupe.enabled=false", "--sample.store.enabled=false", "--sample.demo.port=-1",
				"--logging.level.root=WARN", "--spring.main.banner-mode=off",
				"--spring.datasource.url=jdbc:h2:mem:dispatch");
		try {
			run(context, events, batches, other);
		}
		finally {
			context.close();
		}
	}

	private static void run(ConfigurableApplicationContext context, int events, int batches, @Nullable URL other)
			throws ReflectiveOperationException {
		EventDispatcher dispatcher = context.getBean(EventDispatcher.class);
		ObservationRegistry observations = context.getBean(ObservationRegistry.class);
		List<EventHandler> handlers = context.getBeanProvider(EventHandler.class).orderedStream().toList();
		DecodedBeacon decoded = BeaconDecoder.builder()
			.build()
			.decode(Beacons.plain(events, UUID.fromString("d78f14bf-eabd-4264-9f3f-506ffec20c5f")));
		RequestContext request = new RequestContext("127.0.0.1", "wrk", null, Instant.now());
		BeaconDelivery sample = new BeaconDelivery(DeliveryIds.next(), decoded.payload(), request,
				decoded.contentDigest());
		EventHandler first = handlers.get(0);
		InterleavedCpuTime measurement = new InterleavedCpuTime().add("dispatch (the app's)", () -> dispatcher
			.dispatch(new BeaconDelivery(DeliveryIds.next(), decoded.payload(), request, decoded.contentDigest()))
			.ordinal());
		ClassLoader current = DispatchCpu.class.getClassLoader();
		ClassLoader loader = (other != null) ? new DeliveryClassesFirst(other, current) : null;
		// Micrometer's core is the app's (the actuator), not a dependency of the benchmarks.
		Class<?> meterRegistryType = Class.forName("io.micrometer.core.instrument.MeterRegistry");
		Object meters = context.getBean(meterRegistryType);
		measurement.add("dispatch", dispatching(current, handlers, meters, observations, decoded, request));
		if (loader != null) {
			measurement.add("dispatch, other build", dispatching(loader, handlers, meters, observations, decoded, request));
		}
		measurement.add("delivery observation", observing(current, false, sample, first, observations));
		if (loader != null) {
			measurement.add("delivery obs., other build", observing(loader, false, sample, first, observations));
		}
		measurement.add("handler observation", observing(current, true, sample, first, observations));
		if (loader != null) {
			measurement.add("handler obs., other build", observing(loader, true, sample, first, observations));
		}
		measurement.add("handlers alone", () -> {
			for (EventHandler handler : handlers) {
				try {
					handler.handle(sample);
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
			}
			return handlers.size();
		});
		measurement.add("delivery id", () -> DeliveryIds.next().length());
		// As in a request, the server's own observation is the current one. Batches of 200
		// operations, about a millisecond.
		List<InterleavedCpuTime.Candidate> candidates;
		Observation server = Observation.start("http.server.requests", observations);
		try (Observation.Scope scope = server.openScope()) {
			candidates = measurement.measure(200, batches, 200);
		}
		server.stop();
		System.out.printf("%d events, %d handler(s) %s, registry %s%n", events, handlers.size(),
				handlers.stream().map((handler) -> handler.getClass().getSimpleName()).toList(),
				observations.getClass().getSimpleName());
		for (InterleavedCpuTime.Candidate candidate : candidates) {
			System.out.printf("%-27s min %7.2f us  p10 %7.2f us  median %7.2f us  %,7d B/op%n", candidate.name,
					candidate.nanos(0) / 1000, candidate.nanos(10) / 1000, candidate.nanos(50) / 1000,
					candidate.allocated);
		}
	}

	/**
	 * A synchronous dispatcher put together as the auto-configuration puts it (the handler
	 * chain with the app's registry and default conventions, three attempts, no beacon
	 * suppression, and the counts: the one {@code DeliveryMetrics}, or in a build before it
	 * Micrometer's observer behind the statistics), from the delivery classes the given
	 * loader finds.
	 */
	private static InterleavedCpuTime.Operation dispatching(ClassLoader loader, List<EventHandler> handlers,
			Object meters, ObservationRegistry registry, DecodedBeacon decoded, RequestContext request)
			throws ReflectiveOperationException {
		Clock clock = Clock.systemUTC();
		Class<?> countsType;
		Object counts;
		try {
			countsType = Class.forName(DELIVERY + "DeliveryMetrics", true, loader);
			counts = construct(loader, "DeliveryMetrics", new Class<?>[] { Clock.class }, clock);
		}
		catch (ClassNotFoundException ex) {
			countsType = Class.forName(DELIVERY + "DeliveryObserver", true, loader);
			Object micrometer = construct(loader, "MicrometerDeliveryObserver",
					new Class<?>[] { Class.forName("io.micrometer.core.instrument.MeterRegistry") }, meters);
			Object statistics = construct(loader, "DeliveryStatistics", new Class<?>[] { countsType, Clock.class },
					micrometer, clock);
			Method observerOf = statistics.getClass().getDeclaredMethod("observer");
			observerOf.setAccessible(true);
			counts = observerOf.invoke(statistics);
		}
		Object chain = construct(loader, "HandlerChain",
				new Class<?>[] { List.class, countsType, Clock.class, ObservationRegistry.class,
						Class.forName(PACKAGE + "DeliveryObservationConvention", true, loader),
						Class.forName(PACKAGE + "HandlerObservationConvention", true, loader) },
				handlers, counts, clock, registry, null, null);
		Object retry = construct(loader, "RetryPolicy", new Class<?>[] { int.class, Duration.class, Duration.class }, 3,
				Duration.ofMillis(200), Duration.ofSeconds(10));
		Class<?> filterType = Class.forName(DELIVERY + "DuplicateFilter", true, loader);
		Class<?> windowType = Class.forName(DELIVERY + "KeyWindow", true, loader);
		Object filter = construct(loader, "DuplicateFilter", new Class<?>[] { windowType, windowType }, null, null);
		Object dispatcher = construct(loader, "SynchronousEventDispatcher",
				new Class<?>[] { chain.getClass(), retry.getClass(), countsType, filterType }, chain, retry, counts,
				filter);
		Class<?> dispatcherType = Class.forName(DELIVERY + "EventDispatcher", true, loader);
		MethodHandle dispatch = MethodHandles.publicLookup()
			.findVirtual(dispatcherType, "dispatch",
					MethodType.methodType(Class.forName(DELIVERY + "DispatchResult", true, loader), Delivery.class))
			.bindTo(dispatcher)
			.asType(MethodType.methodType(Object.class, Delivery.class));
		return () -> {
			try {
				Object result = dispatch.invokeExact((Delivery) new BeaconDelivery(DeliveryIds.next(),
						decoded.payload(), request, decoded.contentDigest()));
				return (result != null) ? 1 : 0;
			}
			catch (Throwable ex) {
				throw new IllegalStateException(ex);
			}
		};
	}

	private static Object construct(ClassLoader loader, String type, Class<?>[] parameters, @Nullable Object... arguments)
			throws ReflectiveOperationException {
		Constructor<?> constructor = Class.forName(DELIVERY + type, true, loader).getDeclaredConstructor(parameters);
		constructor.setAccessible(true);
		return constructor.newInstance(arguments);
	}

	/**
	 * One observation of a delivery or a handler call, as {@code HandlerChain} makes it,
	 * with the context and default convention classes the given loader finds.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static InterleavedCpuTime.Operation observing(ClassLoader loader, boolean handlerCall,
			BeaconDelivery delivery, EventHandler handler, ObservationRegistry registry)
			throws ReflectiveOperationException {
		String observed = handlerCall ? "Handler" : "Delivery";
		Class<?> contextType = Class.forName(PACKAGE + observed + "ObservationContext", true, loader);
		ObservationConvention convention = (ObservationConvention) Class
			.forName(PACKAGE + "Default" + observed + "ObservationConvention", true, loader)
			.getField("INSTANCE")
			.get(null);
		MethodHandles.Lookup lookup = MethodHandles.publicLookup();
		MethodHandle create = handlerCall
				? MethodHandles.insertArguments(lookup.findConstructor(contextType,
						MethodType.methodType(void.class, Delivery.class, EventHandler.class, int.class)), 0, delivery,
						handler, 1)
				: MethodHandles.insertArguments(
						lookup.findConstructor(contextType, MethodType.methodType(void.class, Delivery.class)), 0,
						delivery);
		MethodHandle newContext = create.asType(MethodType.methodType(Observation.Context.class));
		MethodHandle outcome = handlerCall ? null
				: lookup.findVirtual(contextType, "setOutcome", MethodType.methodType(void.class, boolean.class, int.class))
					.asType(MethodType.methodType(void.class, Observation.Context.class, boolean.class, int.class));
		return () -> {
			try {
				Observation.Context context = (Observation.Context) newContext.invokeExact();
				Observation observation = Observation
					.createNotStarted(null, convention, () -> context, registry)
					.start();
				try (Observation.Scope scope = observation.openScope()) {
					delivery.channel();
				}
				if (outcome != null) {
					outcome.invokeExact(context, true, 1);
				}
				observation.stop();
				return 1;
			}
			catch (Throwable ex) {
				throw new IllegalStateException(ex);
			}
		};
	}

	/**
	 * Loads the delivery packages (dispatchers, handler chain, observer, observation
	 * contexts and conventions) from another build first, everything else, the deliveries
	 * and handlers they see included, from the parent.
	 */
	private static final class DeliveryClassesFirst extends URLClassLoader {

		DeliveryClassesFirst(URL classes, ClassLoader parent) {
			super(new URL[] { classes }, parent);
		}

		@Override
		protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
			if (!name.startsWith(DELIVERY)) {
				return super.loadClass(name, resolve);
			}
			synchronized (getClassLoadingLock(name)) {
				Class<?> loaded = findLoadedClass(name);
				if (loaded == null) {
					loaded = findClass(name);
				}
				if (resolve) {
					resolveClass(loaded);
				}
				return loaded;
			}
		}

	}

}
