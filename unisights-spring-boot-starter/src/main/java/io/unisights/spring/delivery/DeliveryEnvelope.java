package io.unisights.spring.delivery;

import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import io.unisights.spring.Agent;
import io.unisights.spring.Automation;
import io.unisights.spring.Channel;
import io.unisights.spring.PrivacySignal;
import io.unisights.spring.RequestContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What every written-down form of an accepted item says about it besides its payload: its
 * delivery id, its channel and the request that carried it. This is the one place that
 * writes and reads these fields, in their two forms: as JSON for the dead-letter lines
 * ({@link DeadLetterJson}) and the queued items of earlier versions, which were JSON
 * throughout, and compact for the header of a queued item ({@link DeliveryCodec}), which
 * a worker reads for every item it takes.
 * <p>
 * As JSON the fields read {@code "id": …, "channel": …, "payload": {…}, "context":
 * {"client_ip", "user_agent", "origin", "received_at"}}, snake_case like the rest of the
 * wire formats; the payload is written only where the form carries it as JSON. The context
 * keys that came later ({@code visitor_id}, {@code previous_visitor_id}, {@code agent},
 * {@code automation}, {@code privacy_signals}) are written only when they hold something
 * and are optional when read, so that lines written before them still read. Compact, they
 * are the same values in the same order without names: each string as the length of its
 * UTF-8 bytes in four bytes ({@code -1} when absent) and those bytes, the instant as its
 * epoch seconds (eight bytes) and nanoseconds (four), then the visitor ids, the agent
 * (a byte saying whether there is one, then its four strings), the automation reason and
 * the privacy signals as one byte of flags.
 *
 * @param id delivery id
 * @param channel channel
 * @param context the request that carried the item
 */
record DeliveryEnvelope(String id, Channel channel, RequestContext context) {

	/**
	 * Writes the fields, the payload between the channel and the context as a dead-letter
	 * line has always had it.
	 * @param node the object to write into
	 * @param payload the payload, or {@code null} to leave it out
	 */
	void writeTo(ObjectNode node, @Nullable JsonNode payload) {
		node.put("id", this.id);
		node.put("channel", this.channel.wireName());
		if (payload != null) {
			node.set("payload", payload);
		}
		ObjectNode context = node.putObject("context");
		context.put("client_ip", this.context.clientIp());
		context.put("user_agent", this.context.userAgent());
		context.put("origin", this.context.origin());
		context.put("received_at", this.context.receivedAt().toString());
		if (this.context.visitorId() != null) {
			context.put("visitor_id", this.context.visitorId());
		}
		if (this.context.previousVisitorId() != null) {
			context.put("previous_visitor_id", this.context.previousVisitorId());
		}
		Agent agent = this.context.agent();
		if (agent != null) {
			ObjectNode agentNode = context.putObject("agent");
			agentNode.put("browser", agent.browser());
			agentNode.put("browser_version", agent.browserVersion());
			agentNode.put("os", agent.os());
			agentNode.put("device_class", agent.deviceClass().wireName());
		}
		Automation.Reason reason = this.context.automation().reason();
		if (reason != null) {
			context.putObject("automation").put("reason", reason.wireName());
		}
		if (!this.context.privacySignals().isEmpty()) {
			ArrayNode signals = context.putArray("privacy_signals");
			for (PrivacySignal signal : PrivacySignal.values()) {
				if (this.context.carries(signal)) {
					signals.add(signal.wireName());
				}
			}
		}
	}

	/**
	 * Reads the fields.
	 * @param node a JSON object written by {@link #writeTo}
	 * @return the envelope
	 * @throws IllegalArgumentException naming the field that is missing or malformed
	 */
	static DeliveryEnvelope readFrom(JsonNode node) {
		if (!node.isObject()) {
			throw new IllegalArgumentException("not a JSON object");
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
		RequestContext requestContext = new RequestContext(optional(context, "client_ip"),
				optional(context, "user_agent"), optional(context, "origin"),
				instant(context, "received_at", "context.received_at"), optional(context, "visitor_id"),
				optional(context, "previous_visitor_id"), agent(context.get("agent")),
				automation(context.get("automation")), privacySignals(context.get("privacy_signals")));
		return new DeliveryEnvelope(required(node, "id"), channel, requestContext);
	}

	private static @Nullable Agent agent(@Nullable JsonNode agent) {
		if (agent == null || !agent.isObject()) {
			return null;
		}
		return agent(optional(agent, "browser"), optional(agent, "browser_version"), optional(agent, "os"),
				optional(agent, "device_class"));
	}

	private static Agent agent(@Nullable String browser, @Nullable String version, @Nullable String os,
			@Nullable String deviceClass) {
		return new Agent(browser, version, os,
				(deviceClass != null) ? Agent.DeviceClass.fromWireName(deviceClass) : Agent.DeviceClass.OTHER);
	}

	private static Automation automation(@Nullable JsonNode automation) {
		return automation((automation != null && automation.isObject()) ? optional(automation, "reason") : null);
	}

	private static Automation automation(@Nullable String wireName) {
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

	/**
	 * Writes the fields in the compact form.
	 * @param out where to
	 * @throws IOException if {@code out} fails
	 */
	void writeTo(DataOutput out) throws IOException {
		writeOptional(out, this.id);
		writeOptional(out, this.channel.wireName());
		writeOptional(out, this.context.clientIp());
		writeOptional(out, this.context.userAgent());
		writeOptional(out, this.context.origin());
		out.writeLong(this.context.receivedAt().getEpochSecond());
		out.writeInt(this.context.receivedAt().getNano());
		writeOptional(out, this.context.visitorId());
		writeOptional(out, this.context.previousVisitorId());
		Agent agent = this.context.agent();
		out.writeBoolean(agent != null);
		if (agent != null) {
			writeOptional(out, agent.browser());
			writeOptional(out, agent.browserVersion());
			writeOptional(out, agent.os());
			writeOptional(out, agent.deviceClass().wireName());
		}
		Automation.Reason reason = this.context.automation().reason();
		writeOptional(out, (reason != null) ? reason.wireName() : null);
		int signals = 0;
		for (PrivacySignal signal : PrivacySignal.values()) {
			if (this.context.carries(signal)) {
				signals |= 1 << signal.ordinal();
			}
		}
		out.writeByte(signals);
	}

	/**
	 * Reads the fields of the compact form.
	 * @param in where from
	 * @return the envelope
	 * @throws IOException if {@code in} ends early or holds no envelope
	 */
	static DeliveryEnvelope readFrom(DataInputStream in) throws IOException {
		String id = readRequired(in, "id");
		Channel channel;
		try {
			channel = Channel.fromWireName(readRequired(in, "channel"));
		}
		catch (IllegalArgumentException ex) {
			throw new IOException("channel: " + ex.getMessage(), ex);
		}
		String clientIp = readOptional(in);
		String userAgent = readOptional(in);
		String origin = readOptional(in);
		Instant receivedAt = Instant.ofEpochSecond(in.readLong(), in.readInt());
		String visitorId = readOptional(in);
		String previousVisitorId = readOptional(in);
		Agent agent = in.readBoolean()
				? agent(readOptional(in), readOptional(in), readOptional(in), readOptional(in)) : null;
		Automation automation = automation(readOptional(in));
		int flags = in.readUnsignedByte();
		Set<PrivacySignal> signals = EnumSet.noneOf(PrivacySignal.class);
		for (PrivacySignal signal : PrivacySignal.values()) {
			if ((flags & (1 << signal.ordinal())) != 0) {
				signals.add(signal);
			}
		}
		RequestContext context = new RequestContext(clientIp, userAgent, origin, receivedAt, visitorId,
				previousVisitorId, agent, automation, signals);
		return new DeliveryEnvelope(id, channel, context);
	}

	static void writeOptional(DataOutput out, @Nullable String value) throws IOException {
		if (value == null) {
			out.writeInt(-1);
			return;
		}
		byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
		out.writeInt(bytes.length);
		out.write(bytes);
	}

	static @Nullable String readOptional(DataInputStream in) throws IOException {
		int length = in.readInt();
		if (length < -1 || length > in.available()) {
			throw new IOException("a string of " + length + " bytes where " + in.available() + " are left");
		}
		if (length == -1) {
			return null;
		}
		byte[] bytes = new byte[length];
		in.readFully(bytes);
		return new String(bytes, StandardCharsets.UTF_8);
	}

	private static String readRequired(DataInputStream in, String field) throws IOException {
		String value = readOptional(in);
		if (value == null) {
			throw new IOException(field + ": missing");
		}
		return value;
	}

	static String required(JsonNode node, String field) {
		String value = optional(node, field);
		if (value == null) {
			throw new IllegalArgumentException(field + ": must be a string");
		}
		return value;
	}

	static @Nullable String optional(JsonNode node, String field) {
		JsonNode value = node.get(field);
		return (value != null && value.isString()) ? value.asString() : null;
	}

	static Instant instant(JsonNode node, String field, String path) {
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
