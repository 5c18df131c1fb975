package io.unisights.spring.privacy;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

import org.jspecify.annotations.Nullable;

/**
 * Reduces client addresses to their network: an IPv4 address to its first
 * {@code ipv4PrefixLength} bits, an IPv6 address to its first {@code ipv6PrefixLength},
 * an IPv4-mapped IPv6 address ({@code ::ffff:203.0.113.7}, what a dual-stack socket
 * reports for an IPv4 client) as the IPv4 address it carries.
 */
final class ClientAddresses {

	private final int ipv4PrefixLength;

	private final int ipv6PrefixLength;

	ClientAddresses(int ipv4PrefixLength, int ipv6PrefixLength) {
		this.ipv4PrefixLength = ipv4PrefixLength;
		this.ipv6PrefixLength = ipv6PrefixLength;
	}

	/**
	 * Truncates an address.
	 * @param address an address literal as the container reports it
	 * @return the network, or {@code null} when the value is no address literal (nothing
	 * of it is kept then, since what it holds cannot be reduced)
	 */
	@Nullable String truncate(@Nullable String address) {
		byte[] bytes = parse(address);
		if (bytes == null) {
			return null;
		}
		int prefix = (bytes.length == 4) ? this.ipv4PrefixLength : this.ipv6PrefixLength;
		for (int bit = prefix; bit < bytes.length * 8; bit++) {
			bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
		}
		return (bytes.length == 4) ? ipv4(bytes) : ipv6(bytes);
	}

	/**
	 * The bytes of an address literal, four for IPv4 and IPv4-mapped IPv6, sixteen for IPv6.
	 * @param address the literal
	 * @return the bytes, or {@code null} if the value is no address literal
	 */
	static byte @Nullable [] parse(@Nullable String address) {
		if (address == null || address.isEmpty() || address.length() > 64) {
			return null;
		}
		String literal = address;
		int zone = literal.indexOf('%');
		if (zone >= 0) {
			literal = literal.substring(0, zone);
		}
		if (literal.startsWith("[") && literal.endsWith("]")) {
			literal = literal.substring(1, literal.length() - 1);
		}
		// Only address characters reach InetAddress, which would otherwise look a host name up.
		boolean colon = false;
		for (int i = 0; i < literal.length(); i++) {
			char c = literal.charAt(i);
			colon |= (c == ':');
			if (!(c == '.' || c == ':' || Character.digit(c, 16) >= 0)) {
				return null;
			}
		}
		if (!colon && !isDottedQuad(literal)) {
			return null;
		}
		try {
			// The JDK reads an IPv4-mapped IPv6 literal as the IPv4 address it maps.
			InetAddress parsed = InetAddress.getByName(literal);
			byte[] bytes = parsed.getAddress();
			return (parsed instanceof Inet4Address || bytes.length == 16) ? bytes : null;
		}
		catch (UnknownHostException ex) {
			return null;
		}
	}

	private static boolean isDottedQuad(String literal) {
		String[] parts = literal.split("\\.", -1);
		if (parts.length != 4) {
			return false;
		}
		for (String part : parts) {
			if (part.isEmpty() || part.length() > 3) {
				return false;
			}
			for (int i = 0; i < part.length(); i++) {
				if (!Character.isDigit(part.charAt(i))) {
					return false;
				}
			}
			if (Integer.parseInt(part) > 255) {
				return false;
			}
		}
		return true;
	}

	private static String ipv4(byte[] bytes) {
		return (bytes[0] & 0xFF) + "." + (bytes[1] & 0xFF) + "." + (bytes[2] & 0xFF) + "." + (bytes[3] & 0xFF);
	}

	/** RFC 5952 text: lower case, no leading zeros, the longest run of two or more zero groups as {@code ::}. */
	static String ipv6(byte[] bytes) {
		int[] groups = new int[8];
		for (int i = 0; i < 8; i++) {
			groups[i] = ((bytes[2 * i] & 0xFF) << 8) | (bytes[2 * i + 1] & 0xFF);
		}
		int bestStart = -1;
		int bestLength = 1;
		for (int i = 0; i < 8;) {
			if (groups[i] != 0) {
				i++;
				continue;
			}
			int start = i;
			while (i < 8 && groups[i] == 0) {
				i++;
			}
			if (i - start > bestLength) {
				bestStart = start;
				bestLength = i - start;
			}
		}
		StringBuilder text = new StringBuilder(39);
		for (int i = 0; i < 8; i++) {
			if (i == bestStart) {
				text.append("::");
				i += bestLength - 1;
				continue;
			}
			if (text.length() > 0 && text.charAt(text.length() - 1) != ':') {
				text.append(':');
			}
			text.append(Integer.toHexString(groups[i]));
		}
		return text.toString();
	}

}
