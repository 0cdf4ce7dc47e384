package io.sinal.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * sinal.js ships as an npm package (clients/js) with TypeScript types: a small front-end program
 * (src/test/js/types-check.ts) that installs the package and uses its whole API type-checks with
 * {@code tsc --noEmit}, and the lines it marks {@code @ts-expect-error} are rejected.
 */
class ClientTypesTest {
  private static final Path TOOLS = Path.of("src/test/js");

  @Test
  void aTypeScriptProgramTypeChecksAgainstThePackagedClient() throws Exception {
    Path tsc = TOOLS.resolve("node_modules/.bin/tsc");
    assertThat(Files.isExecutable(tsc))
        .as(
            "%s missing: the Node tools of the tests are installed with `npm ci --prefix src/test/js` (.ci/run does it)",
            tsc)
        .isTrue();
    Process run =
        new ProcessBuilder(tsc.toAbsolutePath().toString(), "-p", "tsconfig.json")
            .directory(TOOLS.toFile())
            .redirectErrorStream(true)
            .start();
    String output = new String(run.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(run.waitFor(120, TimeUnit.SECONDS)).as("tsc finished").isTrue();
    assertThat(run.exitValue()).as("tsc said:\n%s", output).isZero();
  }

  @Test
  void theServerServesTheSameFilesThePackageHolds() throws IOException {
    for (String file : new String[] {"sinal.js", "sinal.d.ts"}) {
      byte[] packaged = Files.readAllBytes(Path.of("../clients/js", file));
      byte[] served = ClientTypesTest.class.getResourceAsStream("/web/" + file).readAllBytes();
      assertThat(served).as(file).isEqualTo(packaged);
    }
  }
}
