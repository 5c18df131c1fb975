package io.unisights.tracking;

/**
 * Alphabet in which native tokens are written into URLs. Decoding recognises both, so the
 * choice can change without breaking links already sent.
 */
public enum TokenEncoding {

	/** URL-safe base64 without padding: the shortest form. */
	BASE64URL,

	/**
	 * Lower-case base32 without padding, about 20% longer than base64 but immune to mail
	 * systems that change the case of URLs.
	 */
	BASE32

}
