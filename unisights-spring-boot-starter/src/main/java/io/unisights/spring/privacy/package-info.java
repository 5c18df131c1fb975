/**
 * Privacy and traffic quality of every beacon, open and click: Global Privacy Control and
 * Do Not Track, anonymised client addresses, cookieless visitor ids under a daily salt,
 * and the user-agent classification that tells people from crawlers, monitors, scripts
 * and headless browsers. Controllers ask {@link io.unisights.spring.privacy.RequestContextResolver}
 * for the {@link io.unisights.spring.RequestContext} of each request.
 */
@NullMarked
package io.unisights.spring.privacy;

import org.jspecify.annotations.NullMarked;
