package io.unisights.spring.test.example;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The host application of the examples in docs/testing.md.
 */
@SpringBootApplication
class ExampleApplication {

}
