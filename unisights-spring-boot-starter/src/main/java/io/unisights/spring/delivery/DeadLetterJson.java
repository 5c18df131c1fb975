package io.unisights.spring.delivery;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.unisights.deadletter.DeadLetter;
import io.unisights.spring.Agent;
import io.unisights.spring.Automation;
import io.unisights.spring.Channel;
import io.unisights.spring.PrivacySignal;
import io.unisights.spring.RequestContext;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One collector {@link DeadLetter} per line of JSON, snake_case like the rest of the wire formats.
 */
final class DeadLetterJson {

	private static final JsonMapper mapper = JsonMapper.builder().build();

	private DeadLetterJson() {
	}

	static String write(DeadLetter<Receipt> letter) {
		ObjectNode line = mapper.createObjectNode();
		line.put("id", letter.id());
		line.put("channel", letter.detail().channel().wireName());
		line.set("payload", letter.payload());
		writeContext(line.putObject("context"), letter.detail().context());
		line.put("error", letter.error());
		line.put("attempts", letter.attempts());
		line.put("first_attempt_at", letter.firstAttemptAt().toString());
		line.put("last_attempt_at", letter.lastAttemptAt().toString());
		// A JSON string never contains a raw line break, so one item is one line.
		return mapper.writeValueAsString(line);
	}

	/**
	 * Reads one line.
	 * @param line the line
	 * @return the item
	 * @throws IllegalArgumentException naming the field if the line is not a dead letter
	 */
	static DeadLetter<Receipt> read(String line) {
		JsonNode node;
		try {
			node = mapper.readTree(line);
		}
		catch (JacksonException ex) {
			throw new IllegalArgumentException("Dead letter is not JSON: " + ex.getOriginalMessage(), ex);
		}
		if (!node.isObject()) {
			throw new IllegalArgumentException("Dead letter is not a JSON object");
		}
		JsonNode payload = node.get("payload");
		if (payload == null || !payload.isObject()) {
			throw new IllegalArgumentException("payload: must be an object");
		}
		JsonNode context = node.get("context");
		if (context == null || !context.isObject()) {
			throw new IllegalArgumentException("context: must be an object");
		}
		Channel channel;
		try {
			channel = Channel.fromWireName(required(node, "channel"));
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("channel: " + ex.getMessage(), ex);
		}
		RequestContext requestContext = readContext(context);
		JsonNode attempts = node.get("attempts");
		if (attempts == null || !attempts.canConvertToInt()) {
			throw new IllegalArgumentException("attempts: must be an integer");
		}
		return new DeadLetter<>(required(node, "id"), (ObjectNode) payload, required(node, "error"), attempts.asInt(),
				instant(node, "first_attempt_at", "first_attempt_at"), instant(node, "last_attempt_at", "last_attempt_at"),
				new Receipt(channel, requestContext));
	}

	static void writeContext(ObjectNode node, RequestContext context) {
		node.put("client_ip", context.clientIp());
		node.put("user_agent", context.userAgent());
		node.put("origin", context.origin());
		node.put("received_at", context.receivedAt().toString());
		// The keys below came later: written only when they hold something, and optional
		// when read, so that lines written before them still read and stay as short.
		if (context.visitorId() != null) {
			node.put("visitor_id", context.visitorId());
		}
		if (context.previousVisitorId() != null) {
			node.put("previous_visitor_id", context.previousVisitorId());
		}
		Agent agent = context.agent();
		if (agent != null) {
			ObjectNode agentNode = node.putObject("agent");
			agentNode.put("browser", agent.browser());
			agentNode.put("browser_version", agent.browserVersion());
			agentNode.put("os", agent.os());
			agentNode.put("device_class", agent.deviceClass().wireName());
		}
		Automation.Reason reason = context.automation().reason();
		if (reason != null) {
			node.putObject("automation").put("reason", reason.wireName());
		}
		if (!context.privacySignals().isEmpty()) {
			ArrayNode signals = node.putArray("privacy_signals");
			for (PrivacySignal signal : PrivacySignal.values()) {
				if (context.carries(signal)) {
					signals.add(signal.wireName());
				}
			}
		}
	}

	static RequestContext readContext(@Nullable JsonNode context) {
		if (context == null || !context.isObject()) {
			throw new IllegalArgumentException("context: must be an object");
		}
		return new RequestContext(optional(context, "client_ip"), optional(context, "user_agent"),
				optional(context, "origin"), instant(context, "received_at", "context.received_at"),
				optional(context, "visitor_id"), optional(context, "previous_visitor_id"), agent(context.get("agent")),
				automation(context.get("automation")), privacySignals(context.get("privacy_signals")));
	}

	private static @Nullable Agent agent(@Nullable JsonNode agent) {
		if (agent == null || !agent.isObject()) {
			return null;
		}
		String deviceClass = optional(agent, "device_class");
		return new Agent(optional(agent, "browser"), optional(agent, "browser_version"), optional(agent, "os"),
				(deviceClass != null) ? Agent.DeviceClass.fromWireName(deviceClass) : Agent.DeviceClass.OTHER);
	}

	private static Automation automation(@Nullable JsonNode automation) {
		String wireName = (automation != null && automation.isObject()) ? optional(automation, "reason") : null;
		Automation.Reason reason = (wireName != null) ? Automation.Reason.fromWireName(wireName) : null;
		return (reason != null) ? Automation.because(reason) : Automation.NONE;
	}

	private static Set<PrivacySignal> privacySignals(@Nullable JsonNode signals) {
		if (signals == null || !signals.isArray()) {
			return Set.of();
		}
		Set<PrivacySignal> read = EnumSet.noneOf(PrivacySignal.class);
		for (JsonNode signal : signals) {
			if (signal.isString()) {
				for (PrivacySignal candidate : PrivacySignal.values()) {
					if (candidate.wireName().equals(signal.asString())) {
						read.add(candidate);
					}
				}
			}
		}
		return read;
	}

	private static String required(JsonNode node, String field) {
		String value = optional(node, field);
		if (value == null) {
			throw new IllegalArgumentException(field + ": must be a string");
		}
		return value;
	}

	private static @Nullable String optional(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	private static Instant instant(JsonNode node, String field, String path) {
		String value = optional(node, field);
		if (value == null) {
			throw new IllegalArgumentException(path + ": must be an ISO-8601 instant");
		}
		try {
			return Instant.parse(value);
		}
		catch (RuntimeException ex) {
			throw new IllegalArgumentException(path + ": must be an ISO-8601 instant but was '" + value + "'", ex);
		}
	}

}
