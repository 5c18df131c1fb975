package io.unisights.sample;

import org.apache.catalina.connector.Connector;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.ViewControllerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Opens the demo port ({@code sample.demo.port}) on the embedded Tomcat beside the main
 * one, and serves the demo pages at {@code /demo/} and {@code /email/}.
 */
@Configuration(proxyBeanMethods = false)
class DemoServerConfiguration implements WebMvcConfigurer {

	@Override
	public void addViewControllers(ViewControllerRegistry registry) {
		registry.addRedirectViewController("/demo", "/demo/");
		registry.addViewController("/demo/").setViewName("forward:/demo/index.html");
		registry.addRedirectViewController("/email", "/email/");
		registry.addViewController("/email/").setViewName("forward:/email/index.html");
	}

	@Bean
	DemoPort demoPort(DemoProperties properties, @Value("${server.address:}") String serverAddress) {
		if (properties.port() < 0) {
			return new DemoPort(null);
		}
		Connector connector = new Connector();
		connector.setPort(properties.port());
		String address = (properties.address() != null) ? properties.address() : serverAddress;
		if (!address.isEmpty()) {
			connector.setProperty("address", address);
		}
		return new DemoPort(connector);
	}

	@Bean
	WebServerFactoryCustomizer<TomcatServletWebServerFactory> demoPortCustomizer(DemoPort demoPort) {
		return (factory) -> {
			if (demoPort.connector != null) {
				factory.addAdditionalConnectors(demoPort.connector);
			}
		};
	}

	/**
	 * The demo port, once the server has started.
	 */
	static final class DemoPort {

		private final @Nullable Connector connector;

		DemoPort(@Nullable Connector connector) {
			this.connector = connector;
		}

		/**
		 * Returns the port the demo page is served on.
		 * @return the bound port, or {@code -1} when the demo port is off or not started
		 */
		int localPort() {
			return (this.connector != null) ? this.connector.getLocalPort() : -1;
		}

	}

}
