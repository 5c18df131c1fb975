package io.unisights.benchmarks;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import nl.basjes.parse.useragent.UserAgent;
import nl.basjes.parse.useragent.UserAgentAnalyzer;
import ua_parser.Client;
import ua_parser.Parser;

/**
 * Yauaa against uap-java on the starter's user-agent corpus: how many of its robots each
 * recognises as robots, how many of its people's browsers and device classes each names,
 * the CPU time of building each parser, and of parsing (uncached) per user agent.
 * <p>
 * Run from the repository root:
 * {@code java -cp "benchmarks/target/classes:$(cat benchmarks/target/classpath.txt)"
 * io.unisights.benchmarks.UserAgentParserComparison}
 */
public final class UserAgentParserComparison {

	private static final Path CORPUS = Path.of(
			"unisights-spring-boot-starter/src/test/resources/io/unisights/spring/privacy/user-agents.tsv");

	private UserAgentParserComparison() {
	}

	public static void main(String[] args) throws Exception {
		List<String[]> rows = new ArrayList<>();
		for (String line : Files.readAllLines((args.length > 0) ? Path.of(args[0]) : CORPUS)) {
			if (!line.isBlank() && !line.startsWith("#")) {
				rows.add(line.split("\t"));
			}
		}
		java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long start = threads.getCurrentThreadCpuTime();
		UserAgentAnalyzer yauaa = UserAgentAnalyzer.newBuilder()
			.hideMatcherLoadStats()
			.withoutCache()
			.dropTests()
			.withFields(UserAgent.DEVICE_CLASS, UserAgent.AGENT_CLASS, UserAgent.AGENT_NAME,
					UserAgent.AGENT_VERSION_MAJOR, UserAgent.OPERATING_SYSTEM_NAME)
			.immediateInitialization()
			.build();
		long yauaaBuilt = threads.getCurrentThreadCpuTime();
		Parser uap = new Parser();
		long uapBuilt = threads.getCurrentThreadCpuTime();

		Set<String> yauaaRobots = Set.of("Robot", "Robot Mobile", "Robot Imitator", "Spy", "Hacker");
		int robots = 0, people = 0, yauaaRobotHits = 0, uapRobotHits = 0, yauaaPeopleKept = 0, uapPeopleKept = 0;
		int yauaaDevice = 0, uapDevice = 0, yauaaBrowser = 0, uapBrowser = 0;
		for (String[] row : rows) {
			UserAgent y = yauaa.parse(row[4]);
			Client u = uap.parse(row[4]);
			boolean yRobot = yauaaRobots.contains(y.getValue(UserAgent.DEVICE_CLASS));
			// uap-java marks robots by the device family "Spider" and has no device class.
			boolean uRobot = "Spider".equals(u.device.family);
			if (row[0].equals("person")) {
				people++;
				yauaaPeopleKept += yRobot ? 0 : 1;
				uapPeopleKept += uRobot ? 0 : 1;
				String device = row[3];
				yauaaDevice += device.equalsIgnoreCase(y.getValue(UserAgent.DEVICE_CLASS)) ? 1 : 0;
				uapDevice += uapDeviceClass(u).equals(device) ? 1 : 0;
				yauaaBrowser += y.getValue(UserAgent.AGENT_NAME).replace("SamsungBrowser", "Samsung Internet")
					.equals(row[1]) ? 1 : 0;
				uapBrowser += u.userAgent.family.equals(row[1]) ? 1 : 0;
			}
			else {
				robots++;
				yauaaRobotHits += yRobot ? 1 : 0;
				uapRobotHits += uRobot ? 1 : 0;
			}
		}
		System.out.printf("corpus: %d user agents, %d people's, %d machines'%n", rows.size(), people, robots);
		System.out.printf("%-10s %14s %16s %16s %16s %12s%n", "parser", "robots found", "people kept",
				"browser named", "device class", "build CPU");
		System.out.printf("%-10s %9d of %2d %11d of %2d %11d of %2d %11d of %2d %9.0f ms%n", "Yauaa", yauaaRobotHits,
				robots, yauaaPeopleKept, people, yauaaBrowser, people, yauaaDevice, people, (yauaaBuilt - start) / 1e6);
		System.out.printf("%-10s %9d of %2d %11d of %2d %11d of %2d %11d of %2d %9.0f ms%n", "uap-java", uapRobotHits,
				robots, uapPeopleKept, people, uapBrowser, people, uapDevice, people, (uapBuilt - yauaaBuilt) / 1e6);

		InterleavedCpuTime timing = new InterleavedCpuTime();
		int[] next = new int[2];
		timing.add("Yauaa parse (uncached)", () -> yauaa.parse(rows.get(next[0]++ % rows.size())[4]).hashCode());
		timing.add("uap-java parse (uncached)",
				() -> uap.parse(rows.get(next[1]++ % rows.size())[4]).userAgent.family.length());
		for (InterleavedCpuTime.Candidate candidate : timing.measure(20, 60, 20)) {
			System.out.printf("%-28s median %8.1f µs CPU per user agent%n", candidate.name, candidate.nanos(50) / 1e3);
		}
	}

	/** What uap-java's device family says of the device class: it names devices, not classes. */
	private static String uapDeviceClass(Client client) {
		String family = client.device.family;
		if (family.equals("iPad")) {
			return "tablet";
		}
		if (family.equals("iPhone") || family.equals("Generic Smartphone")) {
			return "phone";
		}
		return family.equals("Mac") || family.equals("Other") ? "desktop" : "?";
	}

}
