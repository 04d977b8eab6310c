package io.jobwire.launcher.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jobwire.frontend.WampOptions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Set;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --wamp-realms} and {@code --wamp-publish-topics} reach the front end's config. */
class WampOptionsTest {

  @Test
  void the_wamp_flags_reach_the_config_and_default_to_none() {
    var frontend = new FrontendCommand();
    new CommandLine(frontend)
        .setCaseInsensitiveEnumValuesAllowed(true)
        .parseArgs("--wamp-realms", "realm1, com.example", "--wamp-publish-topics", "chat,news");

    WampOptions wamp = frontend.options.builder().build().wamp();
    assertEquals(Set.of("realm1", "com.example"), wamp.realms());
    assertEquals(Set.of("chat", "news"), wamp.publishTopics());

    var plain = new FrontendCommand();
    new CommandLine(plain).setCaseInsensitiveEnumValuesAllowed(true).parseArgs();
    assertEquals(WampOptions.DEFAULTS, plain.options.builder().build().wamp());
  }

  @Test
  void the_wamp_flags_name_their_environment_variables_in_the_help() {
    var out = new StringWriter();
    var cli = new CommandLine(new FrontendCommand()).setCaseInsensitiveEnumValuesAllowed(true);
    cli.usage(new PrintWriter(out));

    for (String text :
        new String[] {
          "--wamp-realms",
          "JOBWIRE_WAMP_REALMS",
          "--wamp-publish-topics",
          "JOBWIRE_WAMP_PUBLISH_TOPICS"
        }) {
      assertTrue(out.toString().contains(text), text + " missing from --help");
    }
  }
}
