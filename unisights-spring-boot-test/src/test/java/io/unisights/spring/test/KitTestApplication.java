package io.unisights.spring.test;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;

/**
 * The host application of the kit's own tests: nothing but the starter.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class KitTestApplication {

}
