package io.jobwire.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class FrontendIdOptionTest {

  @Test
  void id_flag_names_the_front_end_and_without_it_the_name_is_random() {
    var named = new FrontendCommand();
    new CommandLine(named).setCaseInsensitiveEnumValuesAllowed(true).parseArgs("--id", "fe-b");
    var unnamed = new FrontendCommand();
    new CommandLine(unnamed).setCaseInsensitiveEnumValuesAllowed(true).parseArgs();

    assertEquals("fe-b", named.id.applyTo(named.options.toConfig()).frontendId());
    String random = unnamed.id.applyTo(unnamed.options.toConfig()).frontendId();
    assertTrue(random.startsWith("fe-") && random.length() > 3, random);
  }
}
