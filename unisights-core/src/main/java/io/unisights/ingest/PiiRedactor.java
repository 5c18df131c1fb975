package io.unisights.ingest;

import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Masks personal data in JSON before it is logged: the values of sensitive keys whatever
 * they hold, email addresses wherever they appear in a string, and strings that are phone
 * numbers. It errs towards masking too much (a long digit-only reference looks like a
 * phone number) because it only ever shapes log lines. Instances are immutable and
 * thread-safe.
 */
public final class PiiRedactor {

	/** What masked values are replaced with. */
	public static final String MASK = "[redacted]";

	/** Keys whose values are masked by default, compared ignoring case. */
	public static final Set<String> DEFAULT_KEYS = Set.of("email", "phone", "phone_number", "mobile", "password",
			"token", "secret", "address", "ip", "ssn", "card_number");

	private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}");

	private static final Pattern PHONE = Pattern.compile("\\+?[0-9(][0-9 ().-]{5,22}[0-9]");

	private static final Pattern DATE = Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}.*");

	private static final PiiRedactor DEFAULT = new PiiRedactor(DEFAULT_KEYS);

	private final Set<String> keys;

	private PiiRedactor(Collection<String> keys) {
		this.keys = keys.stream().map((key) -> key.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
	}

	/**
	 * A redactor masking the {@link #DEFAULT_KEYS}, email addresses and phone numbers.
	 * @return the redactor
	 */
	public static PiiRedactor defaults() {
		return DEFAULT;
	}

	/**
	 * A redactor that also masks the values of the given keys.
	 * @param keys further sensitive keys, compared ignoring case
	 * @return a new redactor
	 */
	public PiiRedactor withKeys(Collection<String> keys) {
		Set<String> all = new HashSet<>(this.keys);
		all.addAll(keys);
		return new PiiRedactor(all);
	}

	/**
	 * Returns a masked copy of a JSON tree; the tree itself is left untouched.
	 * @param json the tree
	 * @return the masked copy
	 */
	public JsonNode redact(JsonNode json) {
		JsonNode copy = json.deepCopy();
		return redactInPlace(copy);
	}

	/**
	 * Masks email addresses and phone numbers in a string.
	 * @param text the text
	 * @return the masked text
	 */
	public String redact(String text) {
		if (isPhone(text)) {
			return MASK;
		}
		return EMAIL.matcher(text).replaceAll(MASK);
	}

	private JsonNode redactInPlace(JsonNode node) {
		if (node instanceof ObjectNode object) {
			for (Map.Entry<String, JsonNode> entry : List.copyOf(object.properties())) {
				JsonNode value = entry.getValue();
				if (this.keys.contains(entry.getKey().toLowerCase(Locale.ROOT)) && !value.isNull()) {
					object.put(entry.getKey(), MASK);
				}
				else {
					object.set(entry.getKey(), redactInPlace(value));
				}
			}
			return object;
		}
		if (node instanceof ArrayNode array) {
			for (int i = 0; i < array.size(); i++) {
				array.set(i, redactInPlace(array.get(i)));
			}
			return array;
		}
		if (node.isString()) {
			String text = node.stringValue();
			String masked = redact(text);
			return masked.equals(text) ? node : EventJson.NODES.stringNode(masked);
		}
		return node;
	}

	private static boolean isPhone(String text) {
		if (!PHONE.matcher(text).matches() || DATE.matcher(text).matches()) {
			return false;
		}
		int digits = 0;
		for (int i = 0; i < text.length(); i++) {
			if (Character.isDigit(text.charAt(i))) {
				digits++;
			}
		}
		return digits >= 7 && digits <= 15;
	}

}
