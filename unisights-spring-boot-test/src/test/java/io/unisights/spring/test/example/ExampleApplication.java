package io.unisights.spring.test.example;

import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The host application of the README's example.
 */
@SpringBootApplication
class ExampleApplication {

}
