package dev.nnc.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * C2 stops using traps in a compile once the trap counts of the methods it inlines add up to
 * PerMethodTrapLimit (100 by default); the vector kernels inline the Vector API's shared methods a
 * few hundred times, and past the limit some of their vector operations box (BENCHMARKS.md,
 * "Vector boxing from trap counts"). The launcher, the tests and JMH raise it alike.
 */
class TrapLimitTest {
    private static final Pattern FLAG = Pattern.compile("-XX:PerMethodTrapLimit=(\\d+)");

    @Test
    void theLauncherTheTestsAndJmhRaiseTheLimitAlike() throws Exception {
        HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
        long here = Long.parseLong(vm.getVMOption("PerMethodTrapLimit").getValue());
        assertTrue(here >= 10_000, "the test JVM runs with PerMethodTrapLimit=" + here + " (pom.xml argLine)");
        for (String file : new String[] {"nnc", "bench/jmh.sh"}) {
            Matcher m = FLAG.matcher(Files.readString(Path.of(file)));
            assertTrue(m.find(), file + " sets -XX:PerMethodTrapLimit");
            assertEquals(here, Long.parseLong(m.group(1)), file);
        }
    }
}
