package io.unisights.spring.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.boot.autoconfigure.ImportAutoConfiguration;

/**
 * Adds the collector (its endpoints, delivery, tracking, ingestion, forwarding and
 * security chain) to a test slice such as {@code @WebMvcTest}, which otherwise leaves
 * the starter's auto-configuration out and answers 404 for {@code /events}. The
 * auto-configurations are listed in
 * {@code META-INF/spring/io.unisights.spring.test.AutoConfigureUnisights.imports}. In a
 * {@code @SpringBootTest} the collector is configured anyway.
 * <pre class="code">
 * &#64;WebMvcTest
 * &#64;AutoConfigureUnisights
 * &#64;Import(RecordingEventHandler.class)
 * class BeaconSliceTests { … }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ImportAutoConfiguration
public @interface AutoConfigureUnisights {

}
